// The seed's headline figures for the area in view, as coverage(areaCode, asOf) counts them.
export function figureRows(t, c) {
  const pct = `${(c.coverageRate * 100).toFixed(1)}%`;
  return [
    ['compounds', t.compounds, c.compounds],
    ['covered', t.covered, c.compoundsCovered],
    ['rate', t.rate, pct],
    ['organizations', t.organizations, c.partyOrganizations.total],
    ['standalone', t.standalone, c.partyOrganizations.standalone],
    ['joint', t.joint, c.partyOrganizations.joint],
    ['inService', t.inService, c.inServiceMembersReported],
    ['red', t.red, c.ownersCommittees.red],
    ['agreements', t.agreements, c.coBuilding.agreements],
    ['launched', t.launched, c.coBuilding.projectsLaunched],
    ['completed', t.completed, c.coBuilding.projectsCompleted],
  ];
}

export function renderFigures(dl, t, coverage) {
  dl.replaceChildren(...figureRows(t, coverage).flatMap(([key, label, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.dataset.figure = key;
    dd.textContent = typeof value === 'number' ? value.toLocaleString('en-US') : value;
    return [dt, dd];
  }));
}

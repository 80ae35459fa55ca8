// The page speaks zh-CN by default and English on request (?lang=en); every visible string is here.
const zh = {
  title: '龙岩市小区党建挂图作战图', breadcrumb: '区域层级', day: '日期', dayRange: '日期滑块',
  token: '令牌', signIn: '登录', signOut: '退出', signedOut: '未登录（公开视图）', signedIn: '已登录',
  graphiql: 'GraphiQL', figures: '主要数据', progress: '推进情况', every: '间隔',
  week: '每周', fortnight: '每半月', month: '每月', layers: '图层', venues: '活动阵地', units: '共建单位',
  office: '办公用房', gaps: '阵地空白', gapDistance: '阵地服务半径', legend: '图例', export: '导出',
  exportSize: '尺寸', exportPng: '导出 PNG', exporting: '正在导出…', exported: '已导出', map: '地图', close: '关闭',
  compounds: '小区', covered: '已覆盖小区', rate: '覆盖率', organizations: '小区党组织', standalone: '单独组建',
  joint: '联合组建', inService: '在职党员回小区报到', red: '红色业委会', agreements: '共建协议',
  launched: '共建项目（启动）', completed: '共建项目（完成）',
  STANDALONE: '单独组建党组织', JOINT: '联合组建党组织', NONE: '未覆盖',
  CITY: '市', DISTRICT: '区县', STREET: '街道乡镇', COMMUNITY: '社区',
  organization: '党组织', committee: '业委会', redYes: '红色业委会', redNo: '非红色业委会', noCommittee: '无业委会',
  households: '户数', buildings: '楼栋', nearbyUnits: '附近共建单位', paired: '已结对', unpaired: '未结对',
  nearestVenue: '最近开放阵地', agreementsList: '共建协议', none: '无', seats: '业委会成员', personalHidden: '登录后可见成员信息',
  venueLevel: { STREET: '街道阵地', COMMUNITY: '社区阵地', COMPOUND: '小区阵地' },
  seatRole: { DIRECTOR: '主任', DEPUTY_DIRECTOR: '副主任', MEMBER: '委员' },
  vacantNow: '当前空闲', bookedNow: '当前使用中', closed: '未开放', officeVacant: '空置办公用房', officeAssigned: '已分配办公用房',
  gapCompound: '阵地空白小区', candidate: '候选办公用房', gapSummary: (n, d) => `${n} 个小区距开放阵地超过 ${d} 米`,
  chartCaption: (a, b) => `${a} 至 ${b} 小区覆盖率`, areaShade0: '区域覆盖率 0%', areaShade1: '区域覆盖率 100%', live: '实时更新', areaRate: '覆盖率',
  wallTitle: (area) => `${area}小区党建挂图作战图`, asOfLabel: '截至',
};

const en = {
  title: 'Longyan compound party-building battle map', breadcrumb: 'Area levels', day: 'Day', dayRange: 'Day slider',
  token: 'Token', signIn: 'Sign in', signOut: 'Sign out', signedOut: 'Signed out (public view)', signedIn: 'Signed in',
  graphiql: 'GraphiQL', figures: 'Headline figures', progress: 'Progress', every: 'Step',
  week: 'Weekly', fortnight: 'Fortnightly', month: 'Monthly', layers: 'Layers', venues: 'Venues', units: 'Co-building units',
  office: 'Office space', gaps: 'Venue gaps', gapDistance: 'Venue reach', legend: 'Legend', export: 'Export',
  exportSize: 'Size', exportPng: 'Export PNG', exporting: 'Exporting…', exported: 'Exported', map: 'Map', close: 'Close',
  compounds: 'Compounds', covered: 'Compounds covered', rate: 'Coverage', organizations: 'Compound party organisations', standalone: 'Standalone',
  joint: 'Joint', inService: 'In-service members reported', red: 'Red owners\u2019 committees', agreements: 'Co-building agreements',
  launched: 'Projects launched', completed: 'Projects completed',
  STANDALONE: 'Own party organisation', JOINT: 'Joint party organisation', NONE: 'Not covered',
  CITY: 'City', DISTRICT: 'District', STREET: 'Street', COMMUNITY: 'Community',
  organization: 'Party organisation', committee: 'Owners\u2019 committee', redYes: 'Red committee', redNo: 'Not red', noCommittee: 'No committee',
  households: 'Households', buildings: 'Buildings', nearbyUnits: 'Nearby co-building units', paired: 'paired', unpaired: 'not paired',
  nearestVenue: 'Nearest open venue', agreementsList: 'Agreements', none: 'None', seats: 'Committee seats', personalHidden: 'Sign in to see members',
  venueLevel: { STREET: 'Street venue', COMMUNITY: 'Community venue', COMPOUND: 'Compound venue' },
  seatRole: { DIRECTOR: 'Director', DEPUTY_DIRECTOR: 'Deputy director', MEMBER: 'Member' },
  vacantNow: 'vacant now', bookedNow: 'in use now', closed: 'not open', officeVacant: 'Vacant office space', officeAssigned: 'Assigned office space',
  gapCompound: 'Compound beyond venue reach', candidate: 'Candidate office space', gapSummary: (n, d) => `${n} compounds farther than ${d} m from an open venue`,
  chartCaption: (a, b) => `Coverage from ${a} to ${b}`, areaShade0: 'Area coverage 0%', areaShade1: 'Area coverage 100%', live: 'Live', areaRate: 'coverage',
  wallTitle: (area) => `${area}: compound party-building battle map`, asOfLabel: 'As of',
};

export const languages = { zh, en };

export function dictionary(lang) {
  return languages[lang] ?? zh;
}

/** Fills every [data-i18n] element's text and [data-i18n-aria] element's label. */
export function translatePage(t, lang) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t[el.dataset.i18nAria]);
  document.title = `${t.title} · GeoHub`;
}

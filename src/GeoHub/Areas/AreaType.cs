using GeoHub.Access;
using GeoHub.Coverage;
using GeoHub.GraphQL;
using GraphQL.Types;

namespace GeoHub.Areas;

public sealed class AreaLevelType : EnumerationGraphType<AreaLevel>
{
    public AreaLevelType()
    {
        Name = "AreaLevel";
        Description = "CITY 市 → DISTRICT 区/县/市 → STREET 街道/乡镇 → COMMUNITY 社区.";
    }
}

public sealed class AreaType : NodeGraphType<Area>
{
    public AreaType()
        : base("Area", a => a.Id, "An administrative area (行政区域) with its GB/T 2260-style code.")
    {
        Field(a => a.Code).Public().Description("GB/T 2260 code (6 digits) or 12-digit township/community code.");
        Field(a => a.Name).Public();
        Field<NonNullGraphType<AreaLevelType>>("level").Public().Resolve(context => context.Source.Level);
        Field<AreaType>("parent").Public().Resolve(context =>
            context.Source.ParentId is { } parentId ? context.LoadById<Area>(parentId) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaType>>>>("children").Public()
            .Description("The areas one level down, by code.")
            .Resolve(context => context.LoadAll(new ChildAreasByParentId(), context.Source.Id));
        Field<GeoJsonScalar>("boundary").Public().Description("MultiPolygon, WGS 84.").Resolve(context => context.Source.Boundary);
        Field<NonNullGraphType<CoverageType>>("coverage").Public()
            .Description("The area's headline figures as of a day (default today); batched over sibling areas.")
            .Argument<DateScalar>("asOf")
            .Resolve(context => CoverageQueries.Of(context, context.Source));
        Field<ListGraphType<NonNullGraphType<FloatGraphType>>>("extent").Public()
            .Description("Bounding box [west, south, east, north] of the boundary, or of the compounds when there is no boundary; null when neither.")
            .Resolve(context => AreaSpatial.Of(context, context.Source.Id).Then(s => s?.Extent));
        Field<NonNullGraphType<FloatGraphType>>("compoundAreaSqm").Public()
            .Description("Ground covered by the area's compounds, m² on the WGS 84 spheroid.")
            .Resolve(context => AreaSpatial.Of(context, context.Source.Id).Then(s => s?.CompoundAreaSqm ?? 0));
    }
}

using GeoHub.Data;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGeoHubData(DataServices.ConnectionString(builder.Configuration));
var app = builder.Build();
app.Run();

public partial class Program;

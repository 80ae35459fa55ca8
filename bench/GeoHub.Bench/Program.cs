using GeoHub.Bench;

// geohub-bench --target NAME URL CONNECTION_STRING ... [--main x10] [--contract DIR] [--out BENCHMARKS.md]
//              [--loads FILE] [--seconds 10] [--count 100] [--warm-up 10] [--command "make bench"]
var options = BenchOptions.Parse(args);
var report = await BenchRun.RunAsync(options);
await File.WriteAllTextAsync(options.Output, report);
Console.WriteLine($"bench: wrote {options.Output}");
return 0;

using TorchPractice.NativeCompat;

// Usage: TorchPractice.NativeCompat OUTPUT_DIR [--host-libstdcxx PATH | --any-host]
// Run by Directory.Build.targets after each build and publish; prints one line per glue copy.
// --any-host (the tool package): mark the need weak whatever this host's libstdc++, for the hosts the output goes to.
bool anyHost = args.Length == 2 && args[1] == "--any-host";
if (!(args.Length == 1 || anyHost || (args.Length == 3 && args[1] == "--host-libstdcxx")))
{
    Console.Error.WriteLine("usage: TorchPractice.NativeCompat OUTPUT_DIR [--host-libstdcxx PATH | --any-host]");
    return 2;
}
string dir = args[0];
try
{
    if (!Directory.Exists(dir)) return 0; // nothing was built here
    var glues = Directory.EnumerateFiles(dir, LibStdCxxCompat.NativeGlue, SearchOption.AllDirectories).ToList();
    if (glues.Count == 0) return 0;

    if (anyHost)
    {
        foreach (var glue in glues)
            Console.WriteLine($"torch-compat: for any host: {Describe(glue, ElfVersionNeeds.MarkWeak(glue, LibStdCxxCompat.MissingVersion))}");
        return 0;
    }
    string? host = args.Length == 3 ? args[2] : LibStdCxxCompat.LocateHostLibStdCxx();
    if (host is null)
    {
        Console.WriteLine($"torch-compat: no libstdc++.so.6 found on this host; {LibStdCxxCompat.NativeGlue} left as shipped.");
        return 0;
    }
    if (LibStdCxxCompat.HostProvides(host))
    {
        Console.WriteLine($"torch-compat: {host} provides {LibStdCxxCompat.MissingVersion}; {LibStdCxxCompat.NativeGlue} left as shipped.");
        return 0;
    }
    foreach (var glue in glues)
        Console.WriteLine($"torch-compat: host libstdc++ ({host}) lacks {LibStdCxxCompat.MissingVersion}; {Describe(glue, ElfVersionNeeds.MarkWeak(glue, LibStdCxxCompat.MissingVersion))}");
    return 0;
}
catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"torch-compat: error: {e.Message}");
    return 1;
}

static string Describe(string glue, ElfVersionNeeds.Outcome outcome)
{
    string shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), glue);
    return outcome switch
    {
        ElfVersionNeeds.Outcome.Marked =>
            $"marked its {LibStdCxxCompat.MissingVersion} need weak in {shown} (only std::ios_base_library_init, never called, needs it), so TorchSharp loads.",
        ElfVersionNeeds.Outcome.AlreadyWeak => $"{shown} already has its {LibStdCxxCompat.MissingVersion} need marked weak.",
        _ => $"{shown} does not need {LibStdCxxCompat.MissingVersion}; left unchanged.",
    };
}

using TorchPractice.NativeCompat;

namespace TorchPractice.Tests.NativeCompat;

public sealed class ElfVersionNeedsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tp-elf-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, byte[] bytes) { var p = Path.Combine(_dir, name); File.WriteAllBytes(p, bytes); return p; }

    [Fact]
    public void Marking_changes_only_the_flag_bytes_of_that_need()
    {
        var original = ElfBuilder.Build("libstdc++.so.6", ["GLIBCXX_3.4.30", "GLIBCXX_3.4.32", "CXXABI_1.3"]);
        var path = Write("glue.so", original);

        Assert.Equal(ElfVersionNeeds.Outcome.Marked, ElfVersionNeeds.MarkWeak(path, "GLIBCXX_3.4.32"));

        var after = File.ReadAllBytes(path);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != after[i]).ToArray();
        var need = ElfVersionNeeds.ReadNeeds(path).Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.Equal([need.FlagsOffset], changed.Select(i => (long)i));
        Assert.True(need.IsWeak);
        Assert.All(ElfVersionNeeds.ReadNeeds(path).Where(n => n.Name != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void A_second_run_changes_nothing()
    {
        var path = Write("glue.so", ElfBuilder.Build("libstdc++.so.6", ["GLIBCXX_3.4.32"]));
        ElfVersionNeeds.MarkWeak(path, "GLIBCXX_3.4.32");
        var once = File.ReadAllBytes(path);
        var stamp = File.GetLastWriteTimeUtc(path);

        Assert.Equal(ElfVersionNeeds.Outcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Equal(once, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_file_without_the_need_is_left_alone()
    {
        var original = ElfBuilder.Build("libstdc++.so.6", ["GLIBCXX_3.4.30"]);
        var path = Write("old.so", original);
        Assert.Equal(ElfVersionNeeds.Outcome.NotNeeded, ElfVersionNeeds.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void Marking_replaces_a_hard_link_instead_of_writing_through_it()
    {
        var cache = Write("cache.so", ElfBuilder.Build("libstdc++.so.6", ["GLIBCXX_3.4.32"]));
        var cached = File.ReadAllBytes(cache);
        var output = Path.Combine(_dir, "output.so");
        Assert.Equal(0, Link(cache, output));

        ElfVersionNeeds.MarkWeak(output, "GLIBCXX_3.4.32");

        Assert.Equal(cached, File.ReadAllBytes(cache)); // the "package cache" copy is untouched
        Assert.True(ElfVersionNeeds.ReadNeeds(output).Single().IsWeak);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    static extern int Link(string oldPath, string newPath);

    [Fact]
    public void A_non_ELF_file_gives_a_clear_error()
    {
        var path = Write("notes.txt", "hello, not a library"u8.ToArray());
        var e = Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Contains("notes.txt: not an ELF file", e.Message);
    }

    [Theory]
    [InlineData(10)]   // inside the ELF header
    [InlineData(80)]   // inside the string table
    [InlineData(-20)]  // section headers cut short
    public void A_truncated_file_gives_a_clear_error(int keep)
    {
        var full = ElfBuilder.Build("libstdc++.so.6", ["GLIBCXX_3.4.32"]);
        var path = Write("cut.so", full[..(keep > 0 ? keep : full.Length + keep)]);
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Contains("truncated ELF file", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Version_definitions_are_read_from_a_libstdcxx_like_image()
    {
        var path = Write("libstdc++.so.6", ElfBuilder.Build("libc.so.6", ["GLIBC_2.34"], ["libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.30"]));
        var defs = ElfVersionNeeds.ReadDefinitions(path);
        Assert.Contains("GLIBCXX_3.4.30", defs);
        Assert.DoesNotContain("GLIBCXX_3.4.32", defs);
        Assert.False(LibStdCxxCompat.HostProvides(path));
    }

    [Fact]
    public void The_real_TorchSharp_glue_gets_exactly_one_flag_changed()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var shipped = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibStdCxxCompat.NativeGlue);
        Assert.SkipUnless(File.Exists(shipped), $"TorchSharp's package is not restored at {shipped}");
        var copy = Path.Combine(_dir, LibStdCxxCompat.NativeGlue);
        File.Copy(shipped, copy);
        var original = File.ReadAllBytes(copy);

        Assert.Equal(ElfVersionNeeds.Outcome.Marked, ElfVersionNeeds.MarkWeak(copy, LibStdCxxCompat.MissingVersion));

        var after = File.ReadAllBytes(copy);
        var diffs = Enumerable.Range(0, original.Length).Where(i => original[i] != after[i]).ToArray();
        Assert.Single(diffs);
        Assert.Equal(original[diffs[0]] | VersionNeed.WeakFlag, after[diffs[0]]);
        Assert.True(LibStdCxxCompat.IsApplied(copy));
        Assert.Equal(original, File.ReadAllBytes(shipped)); // the package cache is never edited
    }
}

using TorchPractice.IO;

namespace TorchPractice.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tp-atomic-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Replaces_the_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "out.json");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["out.json"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_leaves_nothing_behind()
    {
        var path = Path.Combine(_dir, "missing", "out.json");
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(path, "new"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}

using System.Text;

namespace TorchPractice.Tests.Data.Loading;

/// <summary>A fresh folder under the temp directory for one test's files; deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "torchpractice-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Writes UTF-8 text without a byte-order mark and returns the path.</summary>
    public string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Every file with its bytes and write time: to show that something left the folder untouched.</summary>
    public string Snapshot() => string.Join("\n", Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order()
        .Select(p => $"{p} {File.GetLastWriteTimeUtc(p):O} {(File.Exists(p) ? Convert.ToBase64String(File.ReadAllBytes(p)) : "dir")}"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

using System.Buffers.Binary;
using System.Text;

namespace TorchPractice.NativeCompat;

/// <summary>
/// Reads the symbol-version tables of an ELF64 little-endian file (the only kind libtorch ships for
/// Linux x64) and edits one flag. Only section headers are used: shared objects always keep them.
/// </summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The version needs (.gnu.version_r) of an ELF image.</summary>
    public static IReadOnlyList<VersionNeed> ReadNeeds(ReadOnlySpan<byte> elf, string what)
    {
        var needs = new List<VersionNeed>();
        foreach (var s in Sections(elf, what).Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = Sections(elf, what)[(int)s.Link];
            long at = s.Offset;
            for (uint i = 0; i < s.Info; i++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                Require(elf, at, 16, what, "version need");
                ushort count = U16(elf, at + 2);
                string file = Str(elf, strtab, U32(elf, at + 4), what);
                long aux = at + U32(elf, at + 8);
                for (int j = 0; j < count; j++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    Require(elf, aux, 16, what, "version need entry");
                    needs.Add(new VersionNeed(file, Str(elf, strtab, U32(elf, aux + 8), what), U16(elf, aux + 4), aux + 4));
                    uint next = U32(elf, aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint nextNeed = U32(elf, at + 12);
                if (nextNeed == 0) break;
                at += nextNeed;
            }
        }
        return needs;
    }

    /// <summary>The version names an ELF image defines (.gnu.version_d), e.g. libstdc++'s GLIBCXX_3.4.30.</summary>
    public static IReadOnlySet<string> ReadDefinitions(ReadOnlySpan<byte> elf, string what)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Sections(elf, what).Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = Sections(elf, what)[(int)s.Link];
            long at = s.Offset;
            for (uint i = 0; i < s.Info; i++)
            {
                // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32
                Require(elf, at, 20, what, "version definition");
                long aux = at + U32(elf, at + 12);
                Require(elf, aux, 8, what, "version definition name");
                names.Add(Str(elf, strtab, U32(elf, aux), what)); // first Verdaux names the version itself
                uint next = U32(elf, at + 16);
                if (next == 0) break;
                at += next;
            }
        }
        return names;
    }

    /// <summary>What MarkWeak found and did.</summary>
    public enum Outcome
    {
        /// <summary>The need was strong and is now weak.</summary>
        Marked,
        /// <summary>The need was weak already; nothing changed.</summary>
        AlreadyWeak,
        /// <summary>The file has no need for that version; nothing changed.</summary>
        NotNeeded,
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the need for <paramref name="version"/> in the file at <paramref name="path"/>.
    /// Writes a temporary copy and renames it over the original, so a hard link into a package cache
    /// is replaced, never written through; keeps the file's mode and timestamp (so an incremental
    /// build sees it as unchanged and does not copy the original back).
    /// </summary>
    public static Outcome MarkWeak(string path, string version)
    {
        byte[] bytes = ReadAll(path);
        var outcome = MarkWeak(bytes, version, path);
        if (outcome != Outcome.Marked) return outcome;

        var info = new FileInfo(path);
        DateTime stamp = info.LastWriteTimeUtc;
        string temp = Path.Combine(info.DirectoryName!, $".{info.Name}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            File.SetLastWriteTimeUtc(temp, stamp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return Outcome.Marked;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the need for <paramref name="version"/> in an ELF image held in memory
    /// (<paramref name="what"/> names it in errors); <see cref="Outcome.Marked"/> when the bytes changed.
    /// </summary>
    public static Outcome MarkWeak(Span<byte> elf, string version, string what)
    {
        var targets = ReadNeeds(elf, what).Where(n => n.Name == version).ToList();
        if (targets.Count == 0) return Outcome.NotNeeded;
        if (targets.All(n => n.IsWeak)) return Outcome.AlreadyWeak;
        foreach (var n in targets)
            BinaryPrimitives.WriteUInt16LittleEndian(elf[(int)n.FlagsOffset..], (ushort)(n.Flags | VersionNeed.WeakFlag));
        return Outcome.Marked;
    }

    static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Reads a file and returns its defined versions (used on the host's libstdc++).</summary>
    public static IReadOnlySet<string> ReadDefinitions(string path) => ReadDefinitions(ReadAll(path), path);

    /// <summary>Reads a file and returns its version needs.</summary>
    public static IReadOnlyList<VersionNeed> ReadNeeds(string path) => ReadNeeds(ReadAll(path), path);

    readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

    static Section[] Sections(ReadOnlySpan<byte> elf, string what)
    {
        if (elf.Length < 4 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new ElfFormatException($"{what}: not an ELF file (it does not start with 0x7F 'ELF')");
        if (elf.Length < 64)
            throw new ElfFormatException($"{what}: truncated ELF file ({elf.Length} bytes, the ELF64 header alone is 64)");
        if (elf[4] != 2 || elf[5] != 1)
            throw new ElfFormatException($"{what}: only 64-bit little-endian ELF is supported (class {elf[4]}, data {elf[5]})");
        long shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[40..]);
        int shentsize = U16(elf, 58), shnum = U16(elf, 60);
        if (shnum == 0) throw new ElfFormatException($"{what}: ELF file has no section headers");
        if (shentsize < 64) throw new ElfFormatException($"{what}: section header size {shentsize} is smaller than ELF64's 64");
        Require(elf, shoff, (long)shentsize * shnum, what, "section header table");
        var sections = new Section[shnum];
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            var s = new Section(U32(elf, h + 4), (long)U64(elf, h + 24), (long)U64(elf, h + 32), U32(elf, h + 40), U32(elf, h + 44));
            if (s.Type is ShtGnuVerdef or ShtGnuVerneed)
            {
                Require(elf, s.Offset, s.Size, what, "symbol version section");
                if (s.Link >= shnum) throw new ElfFormatException($"{what}: version section links to section {s.Link}, but there are {shnum}");
            }
            sections[i] = s;
        }
        return sections;
    }

    static string Str(ReadOnlySpan<byte> elf, Section strtab, uint index, string what)
    {
        long start = strtab.Offset + index;
        Require(elf, start, 1, what, "string table");
        int len = elf[(int)start..].IndexOf((byte)0);
        if (len < 0) throw new ElfFormatException($"{what}: truncated ELF file (unterminated string at offset {start})");
        return Encoding.ASCII.GetString(elf.Slice((int)start, len));
    }

    static void Require(ReadOnlySpan<byte> elf, long offset, long length, string what, string part)
    {
        if (offset < 0 || length < 0 || offset + length > elf.Length)
            throw new ElfFormatException($"{what}: truncated ELF file ({part} at offset {offset}, {length} bytes, but the file has {elf.Length})");
    }

    static ushort U16(ReadOnlySpan<byte> b, long at) => BinaryPrimitives.ReadUInt16LittleEndian(b[(int)at..]);
    static uint U32(ReadOnlySpan<byte> b, long at) => BinaryPrimitives.ReadUInt32LittleEndian(b[(int)at..]);
    static ulong U64(ReadOnlySpan<byte> b, long at) => BinaryPrimitives.ReadUInt64LittleEndian(b[(int)at..]);
}

using System.Buffers.Binary;
using System.Text;

namespace TorchPractice.Tests.NativeCompat;

/// <summary>Builds minimal ELF64 images with version-need / version-definition sections, for tests.</summary>
static class ElfBuilder
{
    /// <summary>An image needing the given versions of one library, and optionally defining versions.</summary>
    public static byte[] Build(string needFile, string[] needs, string[]? defines = null)
    {
        defines ??= [];
        var str = new List<byte> { 0 };
        uint Add(string s) { uint at = (uint)str.Count; str.AddRange(Encoding.ASCII.GetBytes(s)); str.Add(0); return at; }
        uint file = Add(needFile);
        var needNames = needs.Select(Add).ToArray();
        var defNames = defines.Select(Add).ToArray();

        var verneed = new byte[needs.Length == 0 ? 0 : 16 + 16 * needs.Length];
        if (needs.Length > 0)
        {
            W16(verneed, 0, 1); W16(verneed, 2, (ushort)needs.Length); W32(verneed, 4, file); W32(verneed, 8, 16); W32(verneed, 12, 0);
            for (int j = 0; j < needs.Length; j++)
            {
                int a = 16 + 16 * j;
                W32(verneed, a, 0x1234); W16(verneed, a + 4, 0); W16(verneed, a + 6, (ushort)(2 + j)); W32(verneed, a + 8, needNames[j]);
                W32(verneed, a + 12, j + 1 < needs.Length ? 16u : 0u);
            }
        }
        var verdef = new byte[28 * defines.Length];
        for (int j = 0; j < defines.Length; j++)
        {
            int d = 28 * j;
            W16(verdef, d, 1); W16(verdef, d + 4, (ushort)(j + 1)); W16(verdef, d + 6, 1); W32(verdef, d + 12, 20);
            W32(verdef, d + 16, j + 1 < defines.Length ? 28u : 0u);
            W32(verdef, d + 20, defNames[j]);
        }

        // Layout: header | dynstr | verneed | verdef | section headers (null, dynstr, verneed?, verdef?)
        long strOff = 64, needOff = strOff + str.Count, defOff = needOff + verneed.Length, shOff = defOff + verdef.Length;
        var sections = new List<(uint type, long off, long size, uint link, uint info)> { (0, 0, 0, 0, 0), (3, strOff, str.Count, 0, 0) };
        if (needs.Length > 0) sections.Add((0x6ffffffe, needOff, verneed.Length, 1, 1));
        if (defines.Length > 0) sections.Add((0x6ffffffd, defOff, verdef.Length, 1, (uint)defines.Length));
        var image = new byte[shOff + 64 * sections.Count];
        image[0] = 0x7f; image[1] = (byte)'E'; image[2] = (byte)'L'; image[3] = (byte)'F'; image[4] = 2; image[5] = 1; image[6] = 1;
        W16(image, 16, 3); W16(image, 18, 62); W32(image, 20, 1);
        W64(image, 40, (ulong)shOff); W16(image, 52, 64); W16(image, 58, 64); W16(image, 60, (ushort)sections.Count);
        str.CopyTo(image, (int)strOff); verneed.CopyTo(image, (int)needOff); verdef.CopyTo(image, (int)defOff);
        for (int i = 0; i < sections.Count; i++)
        {
            int h = (int)shOff + 64 * i;
            var s = sections[i];
            W32(image, h + 4, s.type); W64(image, h + 24, (ulong)s.off); W64(image, h + 32, (ulong)s.size); W32(image, h + 40, s.link); W32(image, h + 44, s.info);
        }
        return image;
    }

    static void W16(byte[] b, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
    static void W32(byte[] b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
    static void W64(byte[] b, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
}

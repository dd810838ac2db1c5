namespace TorchPractice.NativeCompat;

/// <summary>One Vernaux entry of .gnu.version_r: "this object needs version Name of library File".</summary>
/// <param name="File">The library the version is needed from (vn_file), e.g. libstdc++.so.6.</param>
/// <param name="Name">The version name (vna_name), e.g. GLIBCXX_3.4.32.</param>
/// <param name="Flags">vna_flags.</param>
/// <param name="FlagsOffset">Where vna_flags sits in the file, for editing it.</param>
public sealed record VersionNeed(string File, string Name, ushort Flags, long FlagsOffset)
{
    /// <summary>VER_FLG_WEAK: a missing version is not fatal to the loader.</summary>
    public const ushort WeakFlag = 0x2;
    /// <summary>True when <see cref="WeakFlag"/> is set.</summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;
}

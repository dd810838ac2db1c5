namespace TorchPractice.NativeCompat;

/// <summary>A file that is not a (complete, 64-bit little-endian) ELF shared object.</summary>
/// <param name="message">What is wrong, naming the file.</param>
public sealed class ElfFormatException(string message) : Exception(message);

using System.Text;

namespace TorchPractice.Tests.Data.Loading;

/// <summary>A stream that never ends: a head, then one text repeated forever. Counts what was read from it.</summary>
public sealed class EndlessStream(string head, string repeated) : Stream
{
    readonly byte[] _head = Encoding.UTF8.GetBytes(head), _repeated = Encoding.UTF8.GetBytes(repeated);

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++, BytesRead++)
            buffer[offset + i] = BytesRead < _head.Length ? _head[BytesRead] : _repeated[(BytesRead - _head.Length) % _repeated.Length];
        return count;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

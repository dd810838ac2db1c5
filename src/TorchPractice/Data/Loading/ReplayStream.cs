namespace TorchPractice.Data.Loading;

/// <summary>
/// Gives back bytes already taken from a stream (to look at the start of a pipe, which cannot seek back), then the rest
/// of the stream; counts what it has delivered, for progress.
/// </summary>
sealed class ReplayStream(byte[] prefix, int prefixLength, Stream inner) : Stream
{
    int _replayed;

    /// <summary>Bytes delivered so far.</summary>
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_replayed < prefixLength)
        {
            n = Math.Min(buffer.Length, prefixLength - _replayed);
            prefix.AsSpan(_replayed, n).CopyTo(buffer);
            _replayed += n;
        }
        else n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

using System.Text;

namespace SkillScan.Policy;

/// <summary>
/// GitHub's <c>primaryLocationLineHash</c>, computed exactly as the codeql-action upload step does
/// (<c>src/fingerprints.ts</c>), so GitHub keeps an alert's identity when unrelated lines move.
/// </summary>
/// <remarks>
/// The file is read as UTF-8 text (a BOM stays a U+FEFF character, invalid bytes become U+FFFD) and walked
/// one UTF-16 code unit at a time. Spaces and tabs are skipped; CR and CRLF become LF. After the last
/// character a sentinel 65535 is appended. The hash of line N is a polynomial hash, base 37 modulo 2^64,
/// over the first 100 kept characters starting at that line's first kept character (so it spans following
/// lines too, padded with zeros after the sentinel). The value is written in lower-case hex followed by
/// <c>:k</c>, k being how many lines so far (this one included) had the same hash. A file ending with a line
/// break therefore also has a hash for the empty line after it, as in GitHub's implementation.
/// docs/github.md explains it with a worked example.
/// </remarks>
public static class LineHash
{
    private const int BlockSize = 100;
    private const ulong Base = 37;
    private const int EndOfFile = 65535;

    /// <summary>37^100 mod 2^64: the weight a character has when it leaves the window.</summary>
    private static readonly ulong FirstMod = ComputeFirstMod();

    private static ulong ComputeFirstMod()
    {
        ulong m = 1;
        for (var i = 0; i < BlockSize; i++) m = unchecked(m * Base);
        return m;
    }

    /// <summary>Hashes of a file's lines from its bytes, read the way the upload action reads them.</summary>
    public static IReadOnlyList<string> ForFile(byte[] bytes) => Compute(Encoding.UTF8.GetString(bytes));

    /// <summary>Hashes of every line: element i is line i + 1.</summary>
    public static IReadOnlyList<string> Compute(string text)
    {
        var state = new RollingState();
        for (var i = 0; i < text.Length; i++) state.Process(text[i]);
        state.Process(EndOfFile);
        state.Flush();
        return state.Hashes;
    }

    /// <summary>The rolling window of fingerprints.ts, field for field.</summary>
    private sealed class RollingState
    {
        private readonly int[] _window = new int[BlockSize];
        private readonly int[] _lineNumbers = Enumerable.Repeat(-1, BlockSize).ToArray();
        private readonly Dictionary<ulong, int> _counts = new();
        private ulong _hash;
        private int _index;
        private int _lineNumber;
        private bool _lineStart = true;
        private bool _previousWasCr;

        public List<string> Hashes { get; } = new();

        public void Process(int current)
        {
            // Spaces and tabs never count; a LF right after a CR is the same line break.
            if (current == ' ' || current == '\t' || (_previousWasCr && current == '\n'))
            {
                _previousWasCr = false;
                return;
            }
            if (current == '\r')
            {
                current = '\n';
                _previousWasCr = true;
            }
            else
            {
                _previousWasCr = false;
            }
            if (_lineNumbers[_index] != -1) Output();
            if (_lineStart)
            {
                _lineStart = false;
                _lineNumber++;
                _lineNumbers[_index] = _lineNumber;
            }
            if (current == '\n') _lineStart = true;
            Update(current);
        }

        public void Flush()
        {
            for (var i = 0; i < BlockSize; i++)
            {
                if (_lineNumbers[_index] != -1) Output();
                Update(0);
            }
        }

        private void Update(int current)
        {
            var leaving = _window[_index];
            _window[_index] = current;
            _hash = unchecked(Base * _hash + (ulong)current - FirstMod * (ulong)leaving);
            _index = (_index + 1) % BlockSize;
        }

        private void Output()
        {
            var count = _counts.GetValueOrDefault(_hash) + 1;
            _counts[_hash] = count;
            // Lines are emitted in order, each exactly once.
            Hashes.Add($"{_hash:x}:{count}");
            _lineNumbers[_index] = -1;
        }
    }
}

using System.Text.Encodings.Web;

namespace SkillScan.Report;

/// <summary>
/// JSON escaping for reports: readable (non-ASCII, &lt;, &gt; and &amp; stay as they are, so Markdown help reads
/// well) but every hidden character (<see cref="ReportText.IsHidden"/>: bidi overrides, zero-width and tag
/// characters, controls) is written as a \u escape, so a raw SARIF or JSON file cannot hide text from whoever
/// opens it.
/// </summary>
public sealed class SafeJsonEncoder : JavaScriptEncoder
{
    public static readonly SafeJsonEncoder Instance = new();

    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(Relaxed.MaxOutputCharactersPerInputCharacter, 12);

    public override bool WillEncode(int unicodeScalar) => Relaxed.WillEncode(unicodeScalar) || ReportText.IsHidden(unicodeScalar);

    /// <summary>Hidden characters the relaxed encoder would let through raw (it already escapes controls as \n, \u001B...).</summary>
    private static bool MustEscape(int scalar) => ReportText.IsHidden(scalar) && !Relaxed.WillEncode(scalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var first = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var limit = first < 0 ? textLength : first;
        for (var i = 0; i < limit; i++)
        {
            int scalar = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                scalar = char.ConvertToUtf32(text[i], text[i + 1]);
            }
            if (MustEscape(scalar)) return i;
            if (scalar > 0xFFFF) i++;
        }
        return first;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!MustEscape(unicodeScalar))
        {
            return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }
        Span<char> units = stackalloc char[2];
        var count = new System.Text.Rune(unicodeScalar).EncodeToUtf16(units);
        numberOfCharactersWritten = 0;
        if (bufferLength < count * 6) return false;
        for (var u = 0; u < count; u++)
        {
            var hex = ((int)units[u]).ToString("X4");
            buffer[numberOfCharactersWritten++] = '\\';
            buffer[numberOfCharactersWritten++] = 'u';
            foreach (var h in hex) buffer[numberOfCharactersWritten++] = h;
        }
        return true;
    }
}

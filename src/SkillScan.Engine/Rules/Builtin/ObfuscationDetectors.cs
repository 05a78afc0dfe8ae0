using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Rules.Matchers;
using SkillScan.Util;

namespace SkillScan.Rules.Builtin;

/// <summary>Shannon entropy of text, in bits per character.</summary>
public static class Entropy
{
    public static double BitsPerChar(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return 0;
        var counts = new Dictionary<char, int>();
        foreach (var c in text) counts[c] = counts.GetValueOrDefault(c) + 1;
        double bits = 0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / text.Length;
            bits -= p * Math.Log2(p);
        }
        return bits;
    }
}

/// <summary>
/// SS1405: a long string literal that looks random (keys, tokens, encrypted or compressed payloads). Base64-like
/// strings need ≥ 40 characters at ≥ 4.5 bits/char; hex strings ≥ 64 characters at ≥ 3.6. Data URIs, URLs and
/// strings with spaces are not random blobs.
/// </summary>
public sealed class HighEntropyStringDetector : BuiltinDetector
{
    private static readonly TieredRegex Token = TextPattern.CompileRegex(@"^[A-Za-z0-9+/=_\-.]+$");
    private static readonly TieredRegex Hex = TextPattern.CompileRegex(@"^[0-9a-fA-F]+$");

    public override string Name => "HighEntropyString";

    public override void Run(MatchRun run)
    {
        foreach (var doc in run.Documents)
        {
            foreach (var s in doc.Facts.Strings)
            {
                var v = s.Value;
                if (v.Length < 40 || v.Length > 1_000_000 || v.StartsWith("data:", StringComparison.Ordinal) || v.Contains("://", StringComparison.Ordinal)) continue;
                if (!Token.IsMatch(v)) continue;
                var bits = Entropy.BitsPerChar(v);
                var hex = Hex.IsMatch(v);
                if (hex ? v.Length < 64 || bits < 3.6 : bits < 4.5) continue;
                // Identifiers and paths mostly made of letters are not secrets: require digits as well as letters.
                if (!v.Any(char.IsAsciiDigit) || !v.Any(char.IsAsciiLetter)) continue;
                run.Report(doc.Document, s.Span,
                    $"High-entropy string of {v.Length} characters ({bits:0.0} bits/char){(hex ? ", hexadecimal" : "")}: {Values.Show(v, 48)} — an embedded key, token or encoded payload.",
                    evidence: new Dictionary<string, string> { ["entropy"] = bits.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), ["length"] = v.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }
        }
    }
}

/// <summary>
/// SS1403: code that was packed or obfuscated so it cannot be read: Dean Edwards' packer
/// (`eval(function(p,a,c,k,e,`), javascript-obfuscator's `_0x1a2b` identifiers, PyArmor, or lines thousands of
/// characters long with almost no spaces and high entropy.
/// </summary>
public sealed class PackedCodeDetector : BuiltinDetector
{
    private static readonly TieredRegex Packer = TextPattern.CompileRegex(@"eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,");
    private static readonly TieredRegex HexIdentifier = TextPattern.CompileRegex(@"\b_0x[0-9a-f]{4,6}\b");
    private static readonly TieredRegex PyArmor = TextPattern.CompileRegex(@"__pyarmor__|pyarmor_runtime|from pytransform import");
    private static readonly TieredRegex JsFuck = TextPattern.CompileRegex(@"\(!\[\]\+\[\]\)\[\+!\+\[\]\]|\[\]\[\(!\[\]\+\[\]\)");

    public const int LongLine = 3000;

    public override string Name => "PackedOrMinifiedCode";

    public override void Run(MatchRun run)
    {
        foreach (var file in run.Context.Skill.Files)
        {
            if (!file.Language.IsCode() || !run.Rule.AppliesTo(file.Language)) continue;
            var text = file.Text;
            var doc = SourceDocument.ForFile(file);
            if (First(Packer, text) is { } p)
            {
                run.Report(doc, p, "Code packed with the p,a,c,k,e,d packer: it unpacks itself with eval at run time and cannot be reviewed as written.");
                continue;
            }
            if (First(PyArmor, text) is { } a)
            {
                run.Report(doc, a, "Python obfuscated with PyArmor: the real code is encrypted and only runs through its native runtime.");
                continue;
            }
            if (First(JsFuck, text) is { } j)
            {
                run.Report(doc, j, "JavaScript written in JSFuck-style symbols ([]+!): obfuscated so it cannot be read.");
                continue;
            }
            var hexIds = HexIdentifier.Matches(text).ToList();
            if (hexIds.Count >= 10 && hexIds.Select(m => m.Value).Distinct().Count() >= 3)
            {
                var m = hexIds[0];
                run.Report(doc, new TextSpan(m.Index, m.Index + m.Length),
                    $"Obfuscated JavaScript: {hexIds.Count} uses of _0x… hexadecimal identifiers (javascript-obfuscator), code meant not to be read.");
                continue;
            }
            if (DenseLine(text) is { } line)
            {
                run.Report(doc, line.Span,
                    $"A {line.Length:N0}-character line with almost no spaces and {line.Bits:0.0} bits/char: packed or minified code that cannot be reviewed as shipped.");
            }
        }
    }

    private static TextSpan? First(TieredRegex regex, string text)
    {
        var m = regex.Match(text);
        return m.Success ? new TextSpan(m.Index, m.Index + m.Length) : null;
    }

    /// <summary>The first line over <see cref="LongLine"/> characters that has under 2% spaces and over 5 bits/char.</summary>
    private static (TextSpan Span, int Length, double Bits)? DenseLine(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var length = end - start;
            if (length >= LongLine)
            {
                var span = text.AsSpan(start, length);
                var spaces = span.Count(' ') + span.Count('\t');
                if (spaces < length / 50)
                {
                    var bits = Entropy.BitsPerChar(span.Length > 20000 ? span[..20000] : span);
                    if (bits > 5.0) return (new TextSpan(start, start + Math.Min(length, 200)), length, bits);
                }
            }
            start = end + 1;
        }
        return null;
    }
}

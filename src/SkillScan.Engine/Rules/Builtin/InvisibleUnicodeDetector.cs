using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Rules.Matchers;
using SkillScan.Util;

namespace SkillScan.Rules.Builtin;

/// <summary>
/// SS1404: characters a reader cannot see but an agent or a compiler reads. Every text file is checked, SKILL.md
/// included. Unicode tag characters (U+E0000–E007F) are decoded and shown: they spell ASCII text invisibly.
/// Zero-width characters count inside Latin words and code, not where scripts need them (ZWJ in emoji
/// sequences, ZWNJ/ZWJ in Arabic and Indic text, ZWSP in Thai, Khmer, Lao, Myanmar). Bidi controls (Trojan
/// Source) count in code and on lines without right-to-left text.
/// Severity: the rule's (high); critical when the hidden tag text reads as an instruction or code; medium for a
/// lone zero-width character in prose.
/// </summary>
public sealed class InvisibleUnicodeDetector : BuiltinDetector
{
    private static readonly TieredRegex InstructionOrCode = TextPattern.CompileRegex(
        @"(?i)(\b(ignore|disregard|forget|instead|always|never|must|do not|don't|send|upload|read|run|execute|curl|wget|bash|eval|exec|system|password|token|secret|key)\b|[|;&`$(){}<>=])");

    public override string Name => "InvisibleUnicode";

    public override void Run(MatchRun run)
    {
        foreach (var file in run.Context.Skill.Files)
        {
            if (file.Language == Language.Binary) continue;
            var text = file.Text;
            if (!MayContain(text)) continue;
            var doc = SourceDocument.ForFile(file);
            Scan(run, doc, text, file.Language.IsCode());
        }
    }

    /// <summary>Cheap pre-check: any character from the ranges of interest at all.</summary>
    private static bool MayContain(string text)
    {
        foreach (var ch in text)
        {
            if (ch is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064'
                or '\uFEFF' or '\u180E' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\uDB40')
            {
                return true;
            }
        }
        return false;
    }

    private static void Scan(MatchRun run, SourceDocument doc, string text, bool isCode)
    {
        var zeroWidthInProse = new List<(int Start, int End)>();
        var i = 0;
        // A BOM at the very start is an encoding mark, not hidden content.
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '\uDB40' && i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDC7F')
            {
                i = ReportTagRun(run, doc, text, i);
                continue;
            }
            if (IsBidiControl(ch))
            {
                var start = i;
                while (i < text.Length && IsBidiControl(text[i])) i++;
                if (isCode || ch is '\u202D' or '\u202E' || !LineHasRightToLeft(text, start))
                {
                    run.Report(doc, new TextSpan(start, i),
                        $"Bidirectional control character{(i - start > 1 ? "s" : "")} {Names(text, start, i)} reorder{(i - start > 1 ? "" : "s")} how this line is displayed (Trojan Source): the text a reviewer sees is not the text that is read.",
                        evidence: new Dictionary<string, string> { ["characters"] = Names(text, start, i) });
                }
                continue;
            }
            if (IsZeroWidth(ch))
            {
                var start = i;
                while (i < text.Length && IsZeroWidth(text[i])) i++;
                if (!Legitimate(text, start, i))
                {
                    if (isCode || i - start > 1) ReportZeroWidth(run, doc, text, start, i, null);
                    else zeroWidthInProse.Add((start, i));
                }
                continue;
            }
            i++;
        }
        // In prose a single stray zero-width character is often a copy-paste artefact; several are not.
        var severity = zeroWidthInProse.Count >= 3 ? (Severity?)null : Severity.Medium;
        foreach (var (start, end) in zeroWidthInProse) ReportZeroWidth(run, doc, text, start, end, severity);
    }

    private static int ReportTagRun(MatchRun run, SourceDocument doc, string text, int start)
    {
        var hidden = new StringBuilder();
        var i = start;
        while (i + 1 < text.Length && text[i] == '\uDB40' && text[i + 1] is >= '\uDC00' and <= '\uDC7F')
        {
            var cp = char.ConvertToUtf32(text[i], text[i + 1]) - 0xE0000;
            if (cp is >= 0x20 and < 0x7F) hidden.Append((char)cp);
            i += 2;
        }
        var decoded = hidden.ToString();
        // Tag characters after an emoji flag base (🏴 + tags spelling a region) are a subdivision flag.
        if (start >= 2 && CodePointBefore(text, start) == 0x1F3F4 && decoded.Length <= 6 && decoded.All(char.IsAsciiLetterOrDigit)) return i;
        var critical = decoded.Length >= 8 && (decoded.Count(c => c == ' ') >= 2 || InstructionOrCode.IsMatch(decoded));
        run.Report(doc, new TextSpan(start, i),
            $"Invisible Unicode tag characters hide the text \"{Values.Show(decoded, 160)}\" ({(i - start) / 2} characters); a reader sees nothing, an agent reads it.",
            critical ? Severity.Critical : null,
            evidence: new Dictionary<string, string> { ["decoded"] = Values.Show(decoded, 400) });
        return i;
    }

    private static void ReportZeroWidth(MatchRun run, SourceDocument doc, string text, int start, int end, Severity? severity)
    {
        var count = end - start;
        run.Report(doc, new TextSpan(start, end),
            $"{count} zero-width character{(count > 1 ? "s" : "")} ({Names(text, start, end)}) inside {(doc.File.Language.IsCode() ? "code" : "a word")}: invisible to a reader, they split or disguise identifiers, commands and words.",
            severity, evidence: new Dictionary<string, string> { ["characters"] = Names(text, start, end) });
    }

    private static bool IsBidiControl(char ch) => ch is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsZeroWidth(char ch) =>
        ch is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064' or '\uFEFF' or '\u180E';

    /// <summary>Zero-width characters that scripts need: ZWJ in emoji sequences, joiners in Arabic/Indic, breaks in Thai-like scripts.</summary>
    private static bool Legitimate(string text, int start, int end)
    {
        var before = start > 0 ? CodePointBefore(text, start) : -1;
        var after = end < text.Length ? CodePointAt(text, end) : -1;
        var first = text[start];
        if (first == '\u200D' && end - start == 1 && (IsEmoji(before) || IsEmoji(after))) return true;
        if (first is '\u200C' or '\u200D' && (NeedsJoiners(before) || NeedsJoiners(after))) return true;
        if (first is '\u200B' or '\u2060' && (UsesZeroWidthBreaks(before) || UsesZeroWidthBreaks(after))) return true;
        if (first is '\u200E' or '\u200F' && (IsRightToLeft(before) || IsRightToLeft(after) || LineHasRightToLeft(text, start))) return true;
        return false;
    }

    private static int CodePointBefore(string text, int index) =>
        index >= 2 && char.IsLowSurrogate(text[index - 1]) && char.IsHighSurrogate(text[index - 2])
            ? char.ConvertToUtf32(text[index - 2], text[index - 1])
            : text[index - 1];

    private static int CodePointAt(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            ? char.ConvertToUtf32(text[index], text[index + 1])
            : text[index];

    private static bool IsEmoji(int cp) =>
        cp is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF) or 0xFE0F or (>= 0x2300 and <= 0x23FF) or (>= 0x2B00 and <= 0x2BFF) or 0x2640 or 0x2642 or 0x2695 or 0x2708;

    private static bool NeedsJoiners(int cp) =>
        cp is (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x08A0 and <= 0x08FF) or (>= 0xFB50 and <= 0xFDFF)
            or (>= 0xFE70 and <= 0xFEFF) or (>= 0x0900 and <= 0x0DFF) or (>= 0x0F00 and <= 0x0FFF) or (>= 0x1780 and <= 0x17FF);

    private static bool UsesZeroWidthBreaks(int cp) =>
        cp is (>= 0x0E00 and <= 0x0EFF) or (>= 0x1000 and <= 0x109F) or (>= 0x1780 and <= 0x17FF) or (>= 0x3000 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF);

    private static bool IsRightToLeft(int cp) =>
        cp is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF);

    private static bool LineHasRightToLeft(string text, int index)
    {
        var s = index;
        while (s > 0 && text[s - 1] != '\n') s--;
        for (var k = s; k < text.Length && text[k] != '\n' && k < s + 4096; k++)
        {
            if (IsRightToLeft(text[k])) return true;
        }
        return false;
    }

    private static string Names(string text, int start, int end)
    {
        var names = new List<string>();
        for (var k = start; k < end && names.Count < 6; k++) names.Add("U+" + ((int)text[k]).ToString("X4", CultureInfo.InvariantCulture));
        if (end - start > 6) names.Add("…");
        return string.Join(" ", names);
    }
}

using System.Reflection;
using System.Text;

namespace SkillScan.Report;

/// <summary>What the reports say about the tool itself.</summary>
public static class ToolInfo
{
    public const string Name = "SkillScan";

    /// <summary>The project's home page; rule help links point into its docs. Change it in this one place.</summary>
    public const string InformationUri = "https://github.com/skillscan/skillscan";

    /// <summary>The tool's semantic version (build metadata after '+' dropped, so reports do not change per commit).</summary>
    public static string Version { get; } = ReadVersion();

    public static string RuleHelpUri(string ruleId) => $"{InformationUri}/blob/main/docs/rules.md#{ruleId.ToLowerInvariant()}";

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }
}

/// <summary>Text helpers shared by the writers: sentences, and making untrusted text safe to show.</summary>
public static class ReportText
{
    /// <summary>The message as SARIF wants it: trimmed and ending with a full stop (its first sentence is GitHub's title).</summary>
    public static string Sentence(string message)
    {
        var m = message.Trim();
        if (m.Length == 0) return "Finding.";
        return m[^1] is '.' or '!' or '?' ? m : m + ".";
    }

    /// <summary>The first sentence of a text (for one-line titles).</summary>
    public static string FirstSentence(string text)
    {
        var t = text.Trim();
        for (var i = 0; i < t.Length - 1; i++)
        {
            if (t[i] == '.' && char.IsWhiteSpace(t[i + 1])) return t[..(i + 1)];
        }
        return Sentence(t);
    }

    /// <summary>
    /// Characters that must never reach a reader raw: controls (terminal escape sequences), bidi overrides
    /// (Trojan Source), zero-width and Unicode tag characters, variation selectors, line separators.
    /// </summary>
    public static bool IsHidden(int scalar) =>
        scalar < 0x20 && scalar != '\t'
        || scalar is >= 0x7F and <= 0x9F
        || scalar is 0x061C or 0x00AD or 0x180E or 0xFEFF or 0x2028 or 0x2029
        || scalar is >= 0x200B and <= 0x200F
        || scalar is >= 0x202A and <= 0x202E
        || scalar is >= 0x2060 and <= 0x206F
        || scalar is >= 0xFE00 and <= 0xFE0F
        || scalar is >= 0xFFF9 and <= 0xFFFB
        || scalar is >= 0xE0000 and <= 0xE007F
        || scalar is >= 0xE0100 and <= 0xE01EF;

    /// <summary>Untrusted text for a terminal: hidden characters shown as &lt;U+XXXX&gt;, tabs kept.</summary>
    public static string Visible(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var scalar = ScalarAt(text, i, out var width);
            if (IsHidden(scalar))
            {
                sb ??= new StringBuilder(text, 0, i, text.Length + 16);
                sb.Append(Describe(scalar));
            }
            else
            {
                sb?.Append(text, i, width);
            }
            i += width - 1;
        }
        return sb?.ToString() ?? text;
    }

    public static string Describe(int scalar) => $"<U+{scalar:X4}>";

    /// <summary>The Unicode scalar at <paramref name="i"/> (a lone surrogate is returned as itself).</summary>
    public static int ScalarAt(string text, int i, out int width)
    {
        if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(text[i], text[i + 1]);
        }
        width = 1;
        return text[i];
    }

    /// <summary>Cuts long untrusted values for display.</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max) return text;
        if (char.IsHighSurrogate(text[max - 1])) max--;
        return text[..max] + $"… ({text.Length:N0} characters)";
    }
}

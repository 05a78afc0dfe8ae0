using System.Text.RegularExpressions;

namespace SkillScan.Pinning.Versions;

/// <summary>PEP 440 versions: the canonical grammar (epoch, release, pre/post/dev, local), lenient spelling.</summary>
public static class Pep440
{
    // The regular expression from PEP 440's appendix, without named groups.
    private static readonly Regex Version = new(
        @"^\s*v?(([0-9]+!)?[0-9]+(\.[0-9]+)*([-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?((-[0-9]+)|([-_.]?(post|rev|r)[-_.]?[0-9]*))?([-_.]?dev[-_.]?[0-9]*)?)(\+[a-z0-9]+([-_.][a-z0-9]+)*)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static bool IsVersion(string text) => text.Length <= 256 && Version.IsMatch(text);

    /// <summary>A release prefix with a trailing wildcard, as `==1.4.*` allows.</summary>
    public static bool IsWildcardPrefix(string text) =>
        text.EndsWith(".*", StringComparison.Ordinal) && IsVersion(text[..^2]);

    /// <summary>Release segments of a version ("1.4.2rc1" → 3), 0 when invalid.</summary>
    public static int ReleaseParts(string version)
    {
        var s = version.Trim().TrimStart('v', 'V');
        var bang = s.IndexOf('!');
        if (bang >= 0) s = s[(bang + 1)..];
        var count = 1;
        foreach (var c in s)
        {
            if (c == '.') count++;
            else if (!char.IsAsciiDigit(c)) break;
        }
        return count;
    }

    /// <summary>PEP 503 normalised project name: lower case, runs of `-_.` become one `-`.</summary>
    public static string NormalizeName(string name) =>
        Regex.Replace(name.Trim().ToLowerInvariant(), "[-_.]+", "-", RegexOptions.NonBacktracking);

    /// <summary>Classifies a PEP 440 specifier set (`>=1.0,<2`, `==1.4.*`, `~=2.2`); null when invalid. Empty: floating.</summary>
    public static SpecClass? ClassifySpecifier(string specifier) =>
        OperatorConstraint.Classify(specifier, ConstraintDialect.Pep440);
}

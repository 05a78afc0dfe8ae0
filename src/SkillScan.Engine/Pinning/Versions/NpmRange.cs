using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace SkillScan.Pinning.Versions;

/// <summary>
/// The node-semver range grammar (loose mode, as npm reads package.json): `||` unions, hyphen ranges, and
/// space-separated comparators made of an operator (`&lt; &lt;= &gt; &gt;= = ~ ~&gt; ^`) and a partial version
/// whose parts may be `x`, `X` or `*`. Parsed into bound clauses for <see cref="ConstraintClassifier"/>.
/// </summary>
public static class NpmRange
{
    private static readonly Regex Partial = new(
        @"^[vV=]?(?<major>[xX*]|[0-9]+)(\.(?<minor>[xX*]|[0-9]+)(\.(?<patch>[xX*]|[0-9]+)(?<qualifier>(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?))?)?$",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex OperatorSpace = new(@"(<=|>=|<|>|=|~>|~|\^)\s+", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex Hyphen = new(@"^(?<low>[^\s]+)\s+-\s+(?<high>[^\s]+)$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>Parses a range; null when the text is not one (then it may be a dist-tag).</summary>
    public static IReadOnlyList<IReadOnlyList<BoundClause>>? Parse(string text, out string description)
    {
        description = "a version range";
        if (text.Length > 1024) return null;
        var alternatives = new List<IReadOnlyList<BoundClause>>();
        var parts = text.Split("||");
        if (parts.Length > 1) description = "a union of ranges (||)";
        foreach (var rawPart in parts)
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                alternatives.Add([BoundClause.Any]);
                continue;
            }
            var hyphen = Hyphen.Match(part);
            if (hyphen.Success)
            {
                var low = ParsePartial(hyphen.Groups["low"].Value);
                var high = ParsePartial(hyphen.Groups["high"].Value);
                if (low is null || high is null) return null;
                alternatives.Add([
                    low.Value.AnyMajor ? BoundClause.Any : BoundClause.AtLeast(low.Value.Full),
                    high.Value.AnyMajor ? BoundClause.Any : BoundClause.Below,
                ]);
                if (parts.Length == 1) description = "a hyphen range";
                continue;
            }
            var clauses = new List<BoundClause>();
            foreach (var comparator in OperatorSpace.Replace(part, "$1").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var clause = ParseComparator(comparator, out var kind);
                if (clause is null) return null;
                clauses.Add(clause.Value);
                if (parts.Length == 1 && clauses.Count == 1) description = kind;
            }
            alternatives.Add(clauses);
        }
        return alternatives;
    }

    /// <summary>Classifies a range; null when the text is not a range.</summary>
    public static SpecClass? Classify(string text)
    {
        var alternatives = Parse(text, out var description);
        return alternatives is null ? null : ConstraintClassifier.Classify(alternatives, description);
    }

    private readonly record struct PartialVersion(bool AnyMajor, bool IsFull, string? Full);

    private static PartialVersion? ParsePartial(string text)
    {
        var m = Partial.Match(text);
        if (!m.Success) return null;
        var major = m.Groups["major"].Value;
        var minor = m.Groups["minor"];
        var patch = m.Groups["patch"];
        var anyMajor = IsWildcard(major);
        var isFull = !anyMajor && minor.Success && !IsWildcard(minor.Value) && patch.Success && !IsWildcard(patch.Value);
        string? full = null;
        if (isFull)
        {
            var candidate = $"{major}.{minor.Value}.{patch.Value}{m.Groups["qualifier"].Value}";
            // SemVer 2.0 proper (NuGet.Versioning): loose forms such as leading zeros stay ranges' floors unknown.
            full = SemanticVersion.TryParse(candidate, out var v) ? v.ToFullString() : null;
            if (full is null) isFull = false;
        }
        return new PartialVersion(anyMajor, isFull, full);
    }

    private static bool IsWildcard(string part) => part is "x" or "X" or "*";

    private static BoundClause? ParseComparator(string comparator, out string kind)
    {
        string op;
        if (comparator.StartsWith("<=", StringComparison.Ordinal) || comparator.StartsWith(">=", StringComparison.Ordinal) ||
            comparator.StartsWith("~>", StringComparison.Ordinal))
        {
            op = comparator[..2];
        }
        else if (comparator.Length > 0 && comparator[0] is '<' or '>' or '=' or '~' or '^')
        {
            op = comparator[..1];
        }
        else
        {
            op = "";
        }
        kind = op switch
        {
            "^" => "a caret range (^)",
            "~" or "~>" => "a tilde range (~)",
            "" or "=" => "an x-range",
            _ => "a comparator range",
        };
        var version = ParsePartial(comparator[op.Length..]);
        if (version is null) return null;
        var v = version.Value;
        switch (op)
        {
            case "" or "=":
                if (v.AnyMajor) return BoundClause.Any;
                return v.IsFull ? BoundClause.ExactVersion(v.Full!) : BoundClause.Between(null);
            case "^" or "~" or "~>":
                return v.AnyMajor ? BoundClause.Any : BoundClause.Between(v.Full);
            case ">=":
                return v.AnyMajor ? BoundClause.Any : BoundClause.AtLeast(v.Full);
            case ">":
                return BoundClause.AtLeast(null);
            default: // < and <=
                return v.AnyMajor && op == "<=" ? BoundClause.Any : BoundClause.Below;
        }
    }
}

using System.Text.RegularExpressions;

namespace SkillScan.Pinning.Versions;

/// <summary>The comparator languages that are "operator version" lists. npm has its own grammar (<see cref="NpmRange"/>).</summary>
public enum ConstraintDialect
{
    /// <summary>PEP 440 specifiers: `~= == != <= >= < > ===`, comma-separated, `==1.*` wildcards.</summary>
    Pep440,

    /// <summary>Poetry: PEP 440 plus `^`, `~`, bare versions (exact), `*`, `,`/space for and, `||`/`|` for or.</summary>
    Poetry,

    /// <summary>RubyGems: `= != > < >= <= ~>`, bare versions (exact), comma-separated.</summary>
    RubyGems,
}

/// <summary>Parses and classifies operator-version constraints in one of the <see cref="ConstraintDialect"/>s.</summary>
public static class OperatorConstraint
{
    private static readonly string[] Pep440Operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];
    private static readonly string[] PoetryOperators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">", "^", "~", "="];
    private static readonly string[] GemOperators = ["~>", "!=", "<=", ">=", "<", ">", "="];

    private static readonly Regex GemVersion = new(@"^[0-9]+(\.[0-9A-Za-z]+)*(-[0-9A-Za-z.-]+)?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>Classifies a constraint; empty text is floating; null when the text is not valid in the dialect.</summary>
    public static SpecClass? Classify(string text, ConstraintDialect dialect)
    {
        var alternatives = Parse(text, dialect, out var description);
        if (alternatives is null) return null;
        var result = ConstraintClassifier.Classify(alternatives, description);
        return result.Class == PinClass.Floating && text.Trim().Length == 0
            ? SpecClass.Floating("no version constraint")
            : result;
    }

    public static IReadOnlyList<IReadOnlyList<BoundClause>>? Parse(string text, ConstraintDialect dialect, out string description)
    {
        description = "a version range";
        if (text.Length > 1024) return null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0) return [[BoundClause.Any]];
        var orParts = dialect == ConstraintDialect.Poetry
            ? trimmed.Split(["||", "|"], StringSplitOptions.None)
            : [trimmed];
        if (orParts.Length > 1) description = "a union of ranges";
        var alternatives = new List<IReadOnlyList<BoundClause>>();
        foreach (var orPart in orParts)
        {
            var clauses = new List<BoundClause>();
            foreach (var raw in SplitClauses(orPart, dialect))
            {
                var clause = ParseClause(raw, dialect, out var kind);
                if (clause is null) return null;
                if (orParts.Length == 1 && clauses.Count == 0) description = kind;
                clauses.Add(clause.Value);
            }
            if (clauses.Count == 0) return null;
            alternatives.Add(clauses);
        }
        return alternatives;
    }

    private static IEnumerable<string> SplitClauses(string text, ConstraintDialect dialect)
    {
        foreach (var comma in text.Split(','))
        {
            var part = comma.Trim();
            if (part.Length == 0) continue;
            if (dialect != ConstraintDialect.Poetry)
            {
                yield return part;
                continue;
            }
            // Poetry also separates with spaces (">=1.2 <2.0"); join an operator written apart from its version.
            var words = part.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < words.Length; i++)
            {
                if (PoetryOperators.Contains(words[i]) && i + 1 < words.Length)
                {
                    yield return words[i] + words[i + 1];
                    i++;
                }
                else
                {
                    yield return words[i];
                }
            }
        }
    }

    private static BoundClause? ParseClause(string clause, ConstraintDialect dialect, out string kind)
    {
        var operators = dialect switch
        {
            ConstraintDialect.Pep440 => Pep440Operators,
            ConstraintDialect.Poetry => PoetryOperators,
            _ => GemOperators,
        };
        var op = operators.FirstOrDefault(o => clause.StartsWith(o, StringComparison.Ordinal)) ?? "";
        var version = clause[op.Length..].Trim();
        kind = op switch
        {
            "~=" => "a compatible-release range (~=)",
            "~>" => "a pessimistic range (~>)",
            "^" => "a caret range (^)",
            "~" => "a tilde range (~)",
            "" or "==" or "=" when version.Contains('*') => "a wildcard range",
            _ => "a version range",
        };
        if (op == "" && dialect == ConstraintDialect.Pep440) return null; // PEP 440 always has an operator
        if (version == "*" && dialect == ConstraintDialect.Poetry && op is "" or "==" or "=") return BoundClause.Any;
        if (op == "===") return version.Length > 0 ? BoundClause.ExactVersion(version) : null;
        if (!IsValid(version, dialect, allowWildcard: op is "" or "==" or "=" or "!=")) return null;
        var wildcard = version.EndsWith(".*", StringComparison.Ordinal);
        return op switch
        {
            "" or "==" or "=" => wildcard ? BoundClause.Between(null) : BoundClause.ExactVersion(version),
            "!=" => BoundClause.Exclusion,
            "~=" => Pep440.ReleaseParts(version) >= 2 ? BoundClause.Between(version) : null,
            "~>" or "^" or "~" => BoundClause.Between(version),
            ">=" => BoundClause.AtLeast(version),
            ">" => BoundClause.AtLeast(null),
            _ => BoundClause.Below,
        };
    }

    private static bool IsValid(string version, ConstraintDialect dialect, bool allowWildcard)
    {
        if (version.Length == 0) return false;
        if (dialect == ConstraintDialect.RubyGems) return GemVersion.IsMatch(version);
        return Pep440.IsVersion(version) || (allowWildcard && Pep440.IsWildcardPrefix(version));
    }
}

using SkillScan.Model;

namespace SkillScan.Semantics.Shell;

/// <summary>
/// What the shell evaluator knows about a word, an expansion or a command's output: the folded text when every
/// part is known, the taint it carries, and where its literal came from (so a decoded payload points at its literal).
/// </summary>
internal sealed record ShellValue
{
    public ShellValue(TextSpan span, string? constant, IReadOnlyList<TaintSource>? taint = null)
    {
        Span = span;
        Constant = constant;
        Taint = taint ?? ValueFact.NoTaint;
    }

    /// <summary>Where the word or command is in its document.</summary>
    public TextSpan Span { get; init; }

    public string? Constant { get; init; }

    public IReadOnlyList<TaintSource> Taint { get; init; }

    /// <summary>The span of the literal(s) the constant was folded from; a decoded payload is reported there.</summary>
    public TextSpan? Origin { get; init; }

    /// <summary>The constant is exactly the document text at <see cref="Origin"/> (no quotes, escapes or expansions removed).</summary>
    public bool Verbatim { get; init; }

    /// <summary>Decoder chain that produced the constant ("base64", "base64+rot13").</summary>
    public string? DecodedBy { get; init; }

    /// <summary>An unquoted expansion: the shell splits it into words on whitespace.</summary>
    public bool Splittable { get; init; }

    /// <summary>How the text was obtained when not written plainly ("variable $c", "$IFS", "ANSI-C quoting").</summary>
    public string? Via { get; init; }

    /// <summary>Array elements (`a=(x y z)`).</summary>
    public IReadOnlyList<ShellValue>? Items { get; init; }

    /// <summary>A process substitution `&lt;(cmd)`: the value is a file name whose content is this.</summary>
    public ShellValue? FileContent { get; init; }

    public bool IsTainted => Taint.Count > 0;

    public TextSpan OriginOrSpan => Origin ?? Span;

    public ShellValue At(TextSpan span) => span == Span ? this : this with { Span = span };

    /// <summary>A copy with another constant (no longer verbatim), taint or provenance.</summary>
    public ShellValue With(string? constant = null, IReadOnlyList<TaintSource>? taint = null, string? via = null) =>
        this with
        {
            Constant = constant ?? Constant,
            Verbatim = constant is null && Verbatim,
            Taint = taint ?? Taint,
            Via = via ?? Via,
        };

    // Records compare by value; these are compared by identity (cheap, and what the evaluator means).
    public bool Equals(ShellValue? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    /// <param name="document">The document the value is in.</param>
    /// <param name="maxText">Most source characters the fact keeps (<see cref="ValueFact.Text"/>).</param>
    public ValueFact ToFact(SourceDocument document, int maxText = 512) =>
        new(Span, Slice(document, Span, maxText), FileContent?.Constant ?? Constant, MergeTaint(Taint, FileContent?.Taint))
        {
            DecodedBy = DecodedBy ?? FileContent?.DecodedBy,
        };

    /// <summary>The document text of a span, cut to the 512 characters a ValueFact keeps (never copies more).</summary>
    public static string Slice(SourceDocument document, TextSpan span, int max = 512)
    {
        var start = Math.Clamp(span.Start, 0, document.Text.Length);
        var length = Math.Clamp(span.Length, 0, Math.Min(max, document.Text.Length - start));
        return document.Text.Substring(start, length);
    }

    private static IReadOnlyList<TaintSource> MergeTaint(IReadOnlyList<TaintSource> a, IReadOnlyList<TaintSource>? b) =>
        b is null || b.Count == 0 ? a : Taints.Union(a, b);
}

/// <summary>Taint lists: unions without duplicates, bounded so long chains stay linear.</summary>
internal static class Taints
{
    /// <summary>Most sources one value keeps; more add nothing a rule or a reader needs.</summary>
    public const int MaxSources = 8;

    public static IReadOnlyList<TaintSource> Union(IReadOnlyList<TaintSource> a, IReadOnlyList<TaintSource> b)
    {
        if (b.Count == 0) return a;
        if (a.Count == 0) return b;
        if (ReferenceEquals(a, b)) return a;
        var result = new List<TaintSource>(Math.Min(MaxSources, a.Count + b.Count));
        result.AddRange(a.Count > MaxSources ? a.Take(MaxSources) : a);
        foreach (var t in b)
        {
            if (result.Count >= MaxSources) break;
            if (!Contains(result, t)) result.Add(t);
        }
        return result.Count == a.Count ? a : result;
    }

    public static IReadOnlyList<TaintSource> Union(IEnumerable<ShellValue?> values)
    {
        IReadOnlyList<TaintSource> result = ValueFact.NoTaint;
        foreach (var v in values)
        {
            if (v is null) continue;
            result = Union(result, v.Taint);
            if (v.FileContent is { } content) result = Union(result, content.Taint);
        }
        return result;
    }

    /// <summary>Appends a flow step to every source (TaintSource.Through keeps each trail bounded).</summary>
    public static IReadOnlyList<TaintSource> Through(IReadOnlyList<TaintSource> taint, SourceDocument document, TextSpan span, string message)
    {
        if (taint.Count == 0) return taint;
        var result = new TaintSource[taint.Count];
        for (var i = 0; i < taint.Count; i++)
        {
            var t = taint[i];
            // A loop or repeated append (`x="$x …"`) adds the same step again: one is enough to follow the flow.
            result[i] = t.Steps.Count > 0 && t.Steps[^1].Message == message ? t : t.Through(document, span, message);
        }
        return result;
    }

    public static IReadOnlyList<TaintSource> One(string kind, string detail, SourceDocument document, TextSpan span) =>
        [new TaintSource(kind, detail, document, span, Array.Empty<FlowStep>())];

    private static bool Contains(List<TaintSource> list, TaintSource t)
    {
        foreach (var x in list)
        {
            if (x.Kind == t.Kind && x.Detail == t.Detail && x.Span == t.Span && ReferenceEquals(x.Document, t.Document)) return true;
        }
        return false;
    }
}

using System.Text;
using SkillScan.Model;

namespace SkillScan.Semantics.CSharp;

/// <summary>
/// What the C# evaluator knows about an expression: folded text, bytes (Convert.FromBase64String), taint, the
/// .NET type of the value, or the type/namespace the expression names (`Process` in `Process.Start`).
/// </summary>
internal sealed record CsValue
{
    public static readonly CsValue Unknown = new(default(TextSpan));

    public CsValue(TextSpan span, Text? text = null, IReadOnlyList<TaintSource>? taint = null)
    {
        Span = span;
        TextValue = text;
        Taint = taint ?? ValueFact.NoTaint;
    }

    public TextSpan Span { get; init; }

    /// <summary>The folded string, as a rope so long `"a" + "b" + …` chains stay linear.</summary>
    public Text? TextValue { get; init; }

    public string? Constant => TextValue?.Value;

    public IReadOnlyList<TaintSource> Taint { get; init; }

    /// <summary>Literal(s) the constant came from: decoded payloads are reported there.</summary>
    public TextSpan? Origin { get; init; }

    public string? DecodedBy { get; init; }

    /// <summary>A byte array with known content (Convert.FromBase64String, Encoding.GetBytes).</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>A number (for `(char)99`, `new[] { 99, 117 }`).</summary>
    public long? Number { get; init; }

    /// <summary>Fully qualified .NET type of the value, when known (System.Net.Http.HttpClient).</summary>
    public string? Type { get; init; }

    /// <summary>The expression names a type (`Process`, `System.IO.File`) rather than a value.</summary>
    public string? TypeName { get; init; }

    /// <summary>The expression is a namespace prefix not resolved yet (`System.Net` in `System.Net.Dns`).</summary>
    public string? NamespacePrefix { get; init; }

    /// <summary>An enum member, encoding or HTTP method the value stands for: "UserProfile", "UTF8", "POST".</summary>
    public string? Tag { get; init; }

    /// <summary>Elements of an array, collection or `params` list.</summary>
    public IReadOnlyList<CsValue>? Items { get; init; }

    /// <summary>Object state set by initializers and assignments (ProcessStartInfo.FileName…). Shared, like the object.</summary>
    public Dictionary<string, CsValue>? Properties { get; init; }

    /// <summary>How the value or name was obtained when not written plainly ("alias P", "reversed", "char code").</summary>
    public string? Via { get; init; }

    /// <summary>`x.Member` in call or assignment position: the object it is a member of.</summary>
    public CsValue? Receiver { get; init; }

    /// <summary>The parameter or property name an argument or initializer entry is given for (`name: x`, `FileName = x`).</summary>
    public string? Label { get; init; }

    /// <summary>A reflected method (`typeof(Process).GetMethod("Start")`): its fully qualified name.</summary>
    public string? ReflectedMember { get; init; }

    public bool IsTainted => Taint.Count > 0;

    public TextSpan OriginOrSpan => Origin ?? Span;

    public bool IsValue => TypeName is null && NamespacePrefix is null;

    public CsValue At(TextSpan span) => span == Span ? this : this with { Span = span };

    public ValueFact ToFact(SourceDocument document) =>
        new(Span, Slice(document, Span), Constant, Taint) { DecodedBy = DecodedBy };

    public static string Slice(SourceDocument document, TextSpan span)
    {
        var start = Math.Clamp(span.Start, 0, document.Text.Length);
        var length = Math.Clamp(span.Length, 0, Math.Min(512, document.Text.Length - start));
        return document.Text.Substring(start, length);
    }

    // Compared by identity: a value is an object the evaluator hands around.
    public bool Equals(CsValue? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

/// <summary>
/// Immutable text built by concatenation: a leaf string or two halves. Flattened once, iteratively, on first read;
/// null when longer than the limit or over the document's fold budget (the value is then unknown).
/// </summary>
internal sealed class Text
{
    public const int MaxLength = 1024 * 1024;

    private readonly string? _leaf;
    private readonly Text? _left;
    private readonly Text? _right;
    private string? _flat;
    private bool _flattened;
    private FoldBudget? _budget;

    private Text(string leaf)
    {
        _leaf = leaf;
        Length = leaf.Length;
    }

    private Text(Text left, Text right)
    {
        _left = left;
        _right = right;
        Length = left.Length + right.Length;
    }

    public long Length { get; }

    public static Text Of(string s) => new(s);

    /// <param name="budget">The document's fold budget: flattening the result spends its length (<see cref="FoldBudget"/>).</param>
    public static Text? Concat(Text? a, Text? b, FoldBudget? budget)
    {
        if (a is null || b is null) return null;
        if (a.Length + b.Length > MaxLength) return null;
        if (a.Length == 0) return b;
        if (b.Length == 0) return a;
        return new Text(a, b) { _budget = budget };
    }

    public string? Value
    {
        get
        {
            if (_leaf is not null) return _leaf;
            if (_flattened) return _flat;
            if (_budget is not null && !_budget.Spend(Length))
            {
                // Over the document's fold budget: the text is not built, the value is unknown.
                _flattened = true;
                return null;
            }
            var sb = new StringBuilder((int)Length);
            var stack = new Stack<Text>();
            stack.Push(this);
            while (stack.Count > 0)
            {
                var t = stack.Pop();
                if (t._leaf is not null) sb.Append(t._leaf);
                else if (t._flattened && t._flat is not null) sb.Append(t._flat);
                else
                {
                    stack.Push(t._right!);
                    stack.Push(t._left!);
                }
            }
            _flat = sb.ToString();
            _flattened = true;
            return _flat;
        }
    }

    public override string ToString() => Value ?? "";
}

using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Lowering;

/// <summary>
/// What the lowering knows about a value while it walks a document: a folded string or number, the elements of a
/// literal list or object, the API or module it names, the user function it is, and the sources whose data it holds.
/// Values are immutable once built, except the property table of an object literal (assignments to `o.k` update it).
/// </summary>
internal sealed class Value
{
    public static readonly Value Unknown = new();

    /// <summary>Folded string (every part known).</summary>
    public string? Str { get; init; }

    /// <summary>The string with unknown parts written as "…" (string building with some unknown pieces).</summary>
    public string? Shape { get; init; }

    public double? Num { get; init; }

    public bool? Bool { get; init; }

    /// <summary>Known elements of a list, tuple or array literal.</summary>
    public List<Value>? Items { get; init; }

    /// <summary>Known properties of an object or dict literal (mutable: `o.k = v` updates it).</summary>
    public Dictionary<string, Value>? Props { get; init; }

    /// <summary>Where each property's value is written in an object literal (for the spans of flattened options).</summary>
    public Dictionary<string, TsNode>? PropNodes { get; init; }

    /// <summary>Qualified name used to resolve members and calls: a module, an API, or a catalog `returns` type.</summary>
    public string? Symbol { get; init; }

    /// <summary>The symbol's name was built at run time (computed access, string building, getattr).</summary>
    public bool Computed { get; init; }

    /// <summary>How the symbol was reached when not written plainly ("alias cp of child_process", "computed obj['ex'+'ec']").</summary>
    public string? Via { get; init; }

    public FunctionDef? Function { get; init; }

    private readonly IReadOnlyList<TaintSource> _taint = ValueFact.NoTaint;

    /// <summary>
    /// Sources whose data this value holds. Objects and lists are shared and mutable (o.k = v, xs.append(v)), so
    /// for them this includes what their properties and elements hold now.
    /// </summary>
    public IReadOnlyList<TaintSource> Taint
    {
        get
        {
            if (Props is null && Items is null) return _taint;
            // Content taint is cached until anything is mutated on this thread (values belong to one document).
            if (_contentTaint is null || _contentEpoch != MutationEpoch)
            {
                _contentTaint = WithContentTaint(0);
                _contentEpoch = MutationEpoch;
            }
            return _contentTaint;
        }
        init => _taint = value;
    }

    private IReadOnlyList<TaintSource>? _contentTaint;
    private long _contentEpoch;

    /// <summary>Bumped whenever an object or list changes in place; invalidates cached content taint.</summary>
    [ThreadStatic]
    public static long MutationEpoch;

    private IReadOnlyList<TaintSource> WithContentTaint(int depth)
    {
        var taint = _taint;
        if (depth > 8) return taint;
        if (Props is not null)
        {
            foreach (var p in Props.Values)
            {
                if (!ReferenceEquals(p, this)) taint = TaintSet.Union(taint, p.Props is null && p.Items is null ? p._taint : p.WithContentTaint(depth + 1));
            }
        }
        if (Items is not null)
        {
            foreach (var p in Items)
            {
                if (!ReferenceEquals(p, this)) taint = TaintSet.Union(taint, p.Props is null && p.Items is null ? p._taint : p.WithContentTaint(depth + 1));
            }
        }
        return taint;
    }

    public string? DecodedBy { get; init; }

    /// <summary>Where the string came from (the literal that was decoded), for derived documents and string facts.</summary>
    public TextSpan? Origin { get; init; }

    /// <summary>An object a call returned (requests.Session(), open(p)): its symbol is a type, not an alias of an API.</summary>
    public bool IsInstance { get; init; }

    /// <summary>A single plain literal as written (not folded from several parts).</summary>
    public bool IsLiteral { get; init; }

    /// <summary>Inline frame that passed this value in as an argument (0: none); see Lowerer.Inline.</summary>
    public int Tag { get; init; }

    public bool IsTainted => Taint.Count > 0;

    /// <summary>The value worth showing as text: the constant, else its shape.</summary>
    public string? Text => Str ?? Shape;

    public bool HasKnownParts => Str is not null || Num is not null || Bool is not null || Items is not null || Props is not null;

    public static Value String(string s, TextSpan? origin = null, bool literal = false) => new() { Str = s, Origin = origin, IsLiteral = literal };

    public static Value Tainted(IReadOnlyList<TaintSource> taint, int tag = 0) =>
        taint.Count == 0 && tag == 0 ? Unknown : new Value { Taint = taint, Tag = tag };

    public Value WithTaint(IReadOnlyList<TaintSource> taint) => ReferenceEquals(taint, Taint) ? this : Copy(taint: taint);

    /// <summary>
    /// A copy with some parts replaced (init-only properties make copies explicit); the value itself when nothing
    /// would change (every call's result is passed through here), except <see cref="Unknown"/>, which code compares by
    /// reference to mean "nothing was found".
    /// </summary>
    public Value Copy(IReadOnlyList<TaintSource>? taint = null, int? tag = null, string? via = null, bool? computed = null, string? symbol = null,
        bool? instance = null)
    {
        if (!ReferenceEquals(this, Unknown) && (taint is null || ReferenceEquals(taint, _taint)) && (tag is null || tag == Tag)
            && (via is null || via == Via) && (computed is null || computed == Computed) && (symbol is null || symbol == Symbol)
            && (instance is null || instance == IsInstance))
        {
            return this;
        }
        return new()
        {
            Str = Str,
            Shape = Shape,
            Num = Num,
            Bool = Bool,
            Items = Items,
            Props = Props,
            PropNodes = PropNodes,
            Symbol = symbol ?? Symbol,
            Computed = computed ?? Computed,
            Via = via ?? Via,
            Function = Function,
            Taint = taint ?? _taint,
            DecodedBy = DecodedBy,
            Origin = Origin,
            IsLiteral = IsLiteral,
            IsInstance = instance ?? IsInstance,
            Tag = tag ?? Tag,
        };
    }

    /// <summary>The constant as ValueFact shows it: strings as they are, numbers in decimal, booleans lower-case.</summary>
    public string? ConstantText()
    {
        if (Str is not null) return Str;
        if (Num is { } n) return FormatNumber(n);
        if (Bool is { } b) return b ? "true" : "false";
        return null;
    }

    public static string FormatNumber(double n) =>
        n == Math.Floor(n) && Math.Abs(n) < 1e16 ? ((long)n).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : n.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Taint set operations: union with de-duplication, bounded so hostile code cannot grow sets without limit.</summary>
internal static class TaintSet
{
    public const int MaxSources = 8;

    public static IReadOnlyList<TaintSource> Union(IReadOnlyList<TaintSource> a, IReadOnlyList<TaintSource> b)
    {
        if (b.Count == 0) return a;
        if (a.Count == 0) return b;
        List<TaintSource>? result = null;
        foreach (var s in b)
        {
            if (Contains(a, s) || (result is not null && Contains(result, s))) continue;
            result ??= new List<TaintSource>(a);
            if (result.Count >= MaxSources) break;
            result.Add(s);
        }
        return result ?? a;
    }

    private static bool Contains(IReadOnlyList<TaintSource> list, TaintSource s)
    {
        foreach (var x in list)
        {
            if (x.Kind == s.Kind && x.Span == s.Span && ReferenceEquals(x.Document, s.Document) && x.Detail == s.Detail) return true;
        }
        return false;
    }

    /// <summary>Every source with one more flow step.</summary>
    public static IReadOnlyList<TaintSource> Through(IReadOnlyList<TaintSource> taint, SourceDocument document, TextSpan span, string message)
    {
        if (taint.Count == 0) return taint;
        var result = new TaintSource[taint.Count];
        for (var i = 0; i < taint.Count; i++) result[i] = taint[i].Through(document, span, message);
        return result;
    }
}

/// <summary>A function, method, arrow function or lambda written in the document.</summary>
internal sealed class FunctionDef
{
    public FunctionDef(TsNode node, string? name, TsNode parameters, TsNode body, Scope definingScope)
    {
        Node = node;
        Name = name;
        Parameters = parameters;
        Body = body;
        DefiningScope = definingScope;
    }

    public TsNode Node { get; }

    public string? Name { get; }

    public TsNode Parameters { get; }

    /// <summary>A block, or an expression (arrow function, lambda).</summary>
    public TsNode Body { get; }

    public Scope DefiningScope { get; }

    /// <summary>Declared in a class body: the first Python parameter / JS `this` is the instance.</summary>
    public Value? Instance { get; init; }

    /// <summary>Taint for the parameters of a callback (the data the API hands to it), set by the call it was passed to.</summary>
    public IReadOnlyList<TaintSource> CallbackTaint { get; set; } = ValueFact.NoTaint;

    /// <summary>Queued for analysis after the statement that created it.</summary>
    public bool Scheduled { get; set; }

    /// <summary>The body has been analysed (once, with unknown parameters), emitting its facts.</summary>
    public bool Processed { get; set; }

    /// <summary>What it returns when analysed with unknown parameters (taint and constants that do not depend on them).</summary>
    public Value Summary { get; set; } = Value.Unknown;

    /// <summary>The variable an anonymous function was assigned to (`const opt = name => …`).</summary>
    public string? BoundName { get; set; }

    public string DisplayName => Name ?? BoundName ?? "<anonymous function>";
}

/// <summary>Variable bindings of a module, function, class body or comprehension.</summary>
internal sealed class Scope
{
    private Dictionary<string, Value>? _vars;

    public Scope(Scope? parent, FunctionDef? owner = null, bool isClass = false)
    {
        Parent = parent;
        Owner = owner;
        IsClass = isClass;
    }

    public Scope? Parent { get; }

    /// <summary>The function whose body this scope is (null for the module, classes and comprehensions).</summary>
    public FunctionDef? Owner { get; }

    public bool IsClass { get; }

    /// <summary>Values returned in this function scope (collected for summaries and inlining).</summary>
    public List<Value>? Returns { get; set; }

    /// <summary>Python `global x`: assignments go to the module scope.</summary>
    public HashSet<string>? Globals { get; set; }

    /// <summary>Python `from m import *` modules.</summary>
    public List<string>? StarModules { get; set; }

    /// <summary>Function declarations of this scope, analysed when the scope ends unless a call analysed them first.</summary>
    public List<FunctionDef>? Declared { get; set; }

    /// <summary>The instance a class body's methods see as `self`/`this`.</summary>
    public Value? Instance { get; set; }

    public bool TryGet(string name, out Value value)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._vars is not null && s._vars.TryGetValue(name, out value!)) return true;
        }
        value = Value.Unknown;
        return false;
    }

    /// <summary>Python `nonlocal x`: assignments go to the enclosing scope that holds x.</summary>
    public HashSet<string>? Nonlocals { get; set; }

    /// <summary>Declares (or rebinds) a name in this scope: declarations, parameters, Python assignments.</summary>
    public void Set(string name, Value value)
    {
        var target = this;
        if (Globals is not null && Globals.Contains(name))
        {
            while (target.Parent is not null) target = target.Parent;
        }
        else if (Nonlocals is not null && Nonlocals.Contains(name))
        {
            for (var s = Parent; s is not null; s = s.Parent)
            {
                if (s._vars is not null && s._vars.ContainsKey(name))
                {
                    target = s;
                    break;
                }
            }
        }
        (target._vars ??= new Dictionary<string, Value>(StringComparer.Ordinal))[name] = value;
    }

    /// <summary>JS assignment without a declaration: updates the enclosing binding a closure captured.</summary>
    public void Assign(string name, Value value)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._vars is not null && s._vars.ContainsKey(name))
            {
                s._vars[name] = value;
                return;
            }
        }
        Set(name, value);
    }

    public Scope Module
    {
        get
        {
            var s = this;
            while (s.Parent is not null) s = s.Parent;
            return s;
        }
    }
}

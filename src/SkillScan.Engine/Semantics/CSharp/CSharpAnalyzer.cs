using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SkillScan.Model;
using SkillScan.Semantics.Shell;

namespace SkillScan.Semantics.CSharp;

/// <summary>
/// Evaluates one C# document over its Roslyn syntax tree, post-order with an explicit stack. Fields, top-level
/// statements and every method body are evaluated; a call to a method of the same file evaluates that method with
/// the call's arguments (up to <see cref="MaxInlineDepth"/> levels), so taint reaches helper methods.
/// </summary>
internal sealed partial class CSharpAnalyzer
{
    private const int MaxInlineDepth = 3;
    private const int MaxRunsPerMethod = 4;

    private readonly SourceDocument _doc;
    private readonly CapabilityCatalog _catalog;
    private readonly SensitivePaths _paths;
    private readonly FactContext _context;
    private readonly DocumentFacts _facts = new();
    private readonly FoldBudget _fold;
    private CSharpNames _names = null!;

    /// <summary>The frames of the walks in progress (an inlined method's walk sits on top of its caller's).</summary>
    private readonly List<Frame> _frames = new();

    /// <summary>The frame whose node is being left: its children's values and spans are there.</summary>
    private Frame? _leaving;
    private readonly Dictionary<string, CsValue> _fields = new(StringComparer.Ordinal);
    private Dictionary<string, CsValue> _locals = new(StringComparer.Ordinal);
    private List<CsValue>? _returns;

    /// <summary>Name of the type whose member is being evaluated (`this`).</summary>
    private string? _currentType;

    /// <summary>Method-like bodies (methods, local functions, constructors, accessors) by name.</summary>
    private readonly Dictionary<string, List<SyntaxNode>> _methods = new(StringComparer.Ordinal);
    private readonly List<SyntaxNode> _units = new();
    private readonly HashSet<SyntaxNode> _evaluated = new();
    private readonly Dictionary<SyntaxNode, int> _runs = new();
    private readonly HashSet<string> _signatures = new(StringComparer.Ordinal);
    private readonly List<SyntaxNode> _inlineStack = new();
    private readonly HashSet<string> _calledNames = new(StringComparer.Ordinal);

    /// <summary>What earlier calls wrote to files (DownloadFile, WriteAllText), by path.</summary>
    private readonly Dictionary<string, CsValue> _files = new(StringComparer.Ordinal);

    private readonly HashSet<(int, int, string?)> _stringSpans = new();
    private readonly HashSet<(int, int, Language, int)> _derivedKeys = new();
    private int _visited;

    public CSharpAnalyzer(SourceDocument document, CapabilityCatalog catalog, SensitivePaths paths, FactContext context)
    {
        _doc = document;
        _fold = new FoldBudget(document.Text.Length);
        _catalog = catalog;
        _paths = paths;
        _context = context;
    }

    public DocumentFacts Run(CompilationUnitSyntax root)
    {
        var usings = new List<UsingDirectiveSyntax>();
        var inFileTypes = new HashSet<string>(StringComparer.Ordinal);
        Prepass(root, usings, inFileTypes);
        _names = new CSharpNames(_catalog, usings, inFileTypes);
        foreach (var u in usings)
        {
            if (u.NamespaceOrType is { } target)
            {
                _facts.Imports.Add(new ImportFact(_doc, Span(u), CSharpNames.StripGlobal(target.ToString()), u.Alias?.Name.Identifier.ValueText));
            }
        }

        // Fields, properties' initializers and top-level statements, then every body nobody in the file calls,
        // then the rest (called only from bodies that were never reached).
        EvaluateTopLevel(root);
        foreach (var unit in _units)
        {
            if (!_evaluated.Contains(unit) && !_calledNames.Contains(UnitName(unit) ?? "")) EvaluateUnit(unit, null, null);
        }
        foreach (var unit in _units)
        {
            if (!_evaluated.Contains(unit)) EvaluateUnit(unit, null, null);
        }
        return _facts;
    }

    /// <summary>
    /// Usings, types and method-like members from the declaration structure (no walk of the bodies), and which
    /// method names the file mentions more than once: those are called here, so they are evaluated from their
    /// callers rather than on their own.
    /// </summary>
    private void Prepass(CompilationUnitSyntax root, List<UsingDirectiveSyntax> usings, HashSet<string> inFileTypes)
    {
        usings.AddRange(root.Usings);
        var pending = new Stack<SyntaxNode>();
        foreach (var m in root.Members) pending.Push(m);
        var ordered = new List<SyntaxNode>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            switch (node)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    usings.AddRange(ns.Usings);
                    for (var i = ns.Members.Count - 1; i >= 0; i--) pending.Push(ns.Members[i]);
                    break;
                case TypeDeclarationSyntax type:
                    inFileTypes.Add(type.Identifier.ValueText);
                    for (var i = type.Members.Count - 1; i >= 0; i--) pending.Push(type.Members[i]);
                    break;
                case BaseTypeDeclarationSyntax other:
                    inFileTypes.Add(other.Identifier.ValueText);
                    break;
                case BaseMethodDeclarationSyntax:
                    ordered.Add(node);
                    break;
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax topLevelFunction }:
                    ordered.Add(topLevelFunction);
                    break;
                case BasePropertyDeclarationSyntax property:
                    if (property.AccessorList is { } accessors) ordered.AddRange(accessors.Accessors);
                    if (property is PropertyDeclarationSyntax { ExpressionBody: { } arrow }) ordered.Add(arrow);
                    if (property is IndexerDeclarationSyntax { ExpressionBody: { } indexerArrow }) ordered.Add(indexerArrow);
                    break;
            }
        }
        foreach (var unit in ordered) AddUnit(unit);
        CountMentions(ordered);
    }

    private static readonly System.Buffers.SearchValues<char> IdentifierStart =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    private static readonly System.Buffers.SearchValues<char> IdentifierPart =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");

    private void AddUnit(SyntaxNode unit)
    {
        if (_evaluated.Contains(unit) || _units.Contains(unit)) return;
        _units.Add(unit);
        if (UnitName(unit) is not { } name) return;
        if (!_methods.TryGetValue(name, out var list)) _methods[name] = list = new List<SyntaxNode>(1);
        list.Add(unit);
    }

    /// <summary>Counts identifiers in the text that name a method of the file (one pass, no allocation per word).</summary>
    private void CountMentions(List<SyntaxNode> units)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var u in units)
        {
            if (UnitName(u) is { } n) counts[n] = 0;
        }
        if (counts.Count == 0) return;
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var text = _doc.Text.AsSpan();
        var i = 0;
        while (i < text.Length)
        {
            var start = text[i..].IndexOfAny(IdentifierStart);
            if (start < 0) break;
            i += start;
            var length = text[i..].IndexOfAnyExcept(IdentifierPart);
            if (length < 0) length = text.Length - i;
            var word = text.Slice(i, length);
            if (lookup.TryGetValue(word, out var c)) lookup[word] = c + 1;
            i += Math.Max(1, length);
        }
        foreach (var (name, count) in counts)
        {
            if (count > 1) _calledNames.Add(name);
        }
    }

    private static bool IsUnit(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax => true,
        ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax } => true,
        _ => false,
    };

    private static string? UnitName(SyntaxNode unit) => unit switch
    {
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        LocalFunctionStatementSyntax l => l.Identifier.ValueText,
        _ => null,
    };

    // ------------------------------------------------------------------------------------------------------------
    // Units
    // ------------------------------------------------------------------------------------------------------------

    private void EvaluateTopLevel(CompilationUnitSyntax root)
    {
        _locals = new Dictionary<string, CsValue>(StringComparer.Ordinal);
        Walk(root);
    }

    /// <summary>Evaluates a body with its parameters bound to <paramref name="args"/> (unknown when null); returns what it returns.</summary>
    private CsValue? EvaluateUnit(SyntaxNode unit, IReadOnlyList<CsValue>? args, CsValue? receiver)
    {
        _evaluated.Add(unit);
        var savedLocals = _locals;
        var savedReturns = _returns;
        var savedType = _currentType;
        _currentType = unit.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()?.Identifier.ValueText;
        _locals = new Dictionary<string, CsValue>(StringComparer.Ordinal);
        _returns = new List<CsValue>();
        _inlineStack.Add(unit);
        try
        {
            var parameters = unit switch
            {
                BaseMethodDeclarationSyntax m => m.ParameterList.Parameters,
                LocalFunctionStatementSyntax l => l.ParameterList.Parameters,
                _ => default,
            };
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                var type = p.Type is { } t ? ResolveTypeText(t.ToString()) : null;
                CsValue value;
                if (args is not null && p.Modifiers.Any(SyntaxKind.ParamsKeyword))
                {
                    var rest = args.Skip(i).ToList();
                    var restTaint = ValueFact.NoTaint;
                    foreach (var r in rest) restTaint = Taints.Union(restTaint, r.Taint);
                    value = new CsValue(Span(p)) { Items = rest, Taint = restTaint };
                }
                else if (args is not null && i < args.Count)
                {
                    value = args[i] with { Type = args[i].Type ?? type };
                }
                else
                {
                    value = new CsValue(Span(p)) { Type = type };
                }
                _locals[p.Identifier.ValueText] = value;
            }
            CsValue? expressionBody = null;
            foreach (var body in Bodies(unit))
            {
                var value = Walk(body);
                if (body is ExpressionSyntax) expressionBody = value;
            }
            if (expressionBody is not null) _returns.Add(expressionBody);
            return _returns.Count switch
            {
                0 => null,
                1 => _returns[0],
                _ => new CsValue(Span(unit)) { Taint = _returns.Select(r => r.Taint).Aggregate(ValueFact.NoTaint, Taints.Union) },
            };
        }
        finally
        {
            _inlineStack.RemoveAt(_inlineStack.Count - 1);
            _locals = savedLocals;
            _returns = savedReturns;
            _currentType = savedType;
        }
    }

    private static IEnumerable<SyntaxNode> Bodies(SyntaxNode unit)
    {
        switch (unit)
        {
            case BaseMethodDeclarationSyntax m:
                if (m is ConstructorDeclarationSyntax { Initializer: { } init }) yield return init;
                if (m.Body is not null) yield return m.Body;
                if (m.ExpressionBody is not null) yield return m.ExpressionBody.Expression;
                break;
            case LocalFunctionStatementSyntax l:
                if (l.Body is not null) yield return l.Body;
                if (l.ExpressionBody is not null) yield return l.ExpressionBody.Expression;
                break;
            case AccessorDeclarationSyntax a:
                if (a.Body is not null) yield return a.Body;
                if (a.ExpressionBody is not null) yield return a.ExpressionBody.Expression;
                break;
            case ArrowExpressionClauseSyntax arrow:
                yield return arrow.Expression;
                break;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The walk
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A node being walked, with its children's values and spans in order. Spans come from the tokens seen:
    /// Roslyn's node.Span walks down to the first token each time, quadratic on a 100,000-term `a + b + …`.
    /// </summary>
    private sealed class Frame
    {
        public required SyntaxNode Node;
        public ChildSyntaxList Children;
        public int Next;
        public int Start = -1;
        public int End = -1;
        public List<(SyntaxNode Node, CsValue? Value, TextSpan Span)>? Results;
        public int Hint;

        public TextSpan Span => Start >= 0 ? new TextSpan(Start, End) : new TextSpan(Node.Span.Start, Node.Span.End);

        public void Cover(int start, int end)
        {
            if (end <= start) return;
            if (Start < 0) Start = start;
            End = end;
        }

        /// <summary>A child's result; children are asked for in order, so the search starts where the last one ended.</summary>
        public int Find(SyntaxNode node)
        {
            if (Results is null) return -1;
            for (var k = 0; k < Results.Count; k++)
            {
                var i = (Hint + k) % Results.Count;
                if (ReferenceEquals(Results[i].Node, node))
                {
                    Hint = i + 1;
                    return i;
                }
            }
            return -1;
        }
    }

    /// <summary>Post-order over a subtree without recursion (expressions nest 100,000s of levels in hostile files); returns the root's value.</summary>
    private CsValue? Walk(SyntaxNode root)
    {
        var bottom = _frames.Count;
        _frames.Add(RentFrame(root));
        var ct = _context.CancellationToken;
        var saved = _leaving;
        try
        {
            while (true)
            {
                var top = _frames[^1];
                if (top.Next < top.Children.Count)
                {
                    var child = top.Children[top.Next++];
                    if (child.IsToken)
                    {
                        var tokenSpan = child.Span;
                        top.Cover(tokenSpan.Start, tokenSpan.End);
                        continue;
                    }
                    var node = child.AsNode()!;
                    if ((++_visited & 0x7ff) == 0) ct.ThrowIfCancellationRequested();
                    if (!Enter(node, top))
                    {
                        var skipped = node.Span;
                        top.Cover(skipped.Start, skipped.End);
                        continue;
                    }
                    _frames.Add(RentFrame(node));
                    continue;
                }
                _frames.RemoveAt(_frames.Count - 1);
                _leaving = top;
                var value = Leave(top.Node);
                _leaving = null;
                if (_frames.Count == bottom)
                {
                    ReturnFrame(top);
                    return value;
                }
                var parent = _frames[^1];
                (parent.Results ??= new List<(SyntaxNode, CsValue?, TextSpan)>(4)).Add((top.Node, value, top.Span));
                if (top.Start >= 0) parent.Cover(top.Start, top.End);
                ReturnFrame(top);
            }
        }
        finally
        {
            if (_frames.Count > bottom) _frames.RemoveRange(bottom, _frames.Count - bottom);
            _leaving = saved;
        }
    }

    private readonly Stack<Frame> _framePool = new();

    private Frame RentFrame(SyntaxNode node)
    {
        if (_framePool.TryPop(out var f))
        {
            f.Node = node;
            f.Children = node.ChildNodesAndTokens();
            return f;
        }
        return new Frame { Node = node, Children = node.ChildNodesAndTokens() };
    }

    private void ReturnFrame(Frame f)
    {
        f.Next = 0;
        f.Start = -1;
        f.End = -1;
        f.Hint = 0;
        f.Results?.Clear();
        if (_framePool.Count < 512) _framePool.Push(f);
    }

    /// <summary>Whether to walk into a node; bodies of methods are evaluated as units of their own.</summary>
    private bool Enter(SyntaxNode node, Frame parent)
    {
        if (node is ExpressionSyntax)
        {
            // Most nodes: expressions are walked, except types written where a type is expected and names read
            // from the syntax by their parent (`.Name`, the called name).
            if (node is not TypeSyntax) return true;
            if (node is SimpleNameSyntax)
            {
                switch (node.Parent)
                {
                    case MemberAccessExpressionSyntax ma when ma.Name == node:
                    case MemberBindingExpressionSyntax:
                    case QualifiedNameSyntax q when q.Right == node:
                    case InvocationExpressionSyntax inv when inv.Expression == node:
                        return false;
                }
            }
            return !IsTypePosition(node);
        }
        switch (node)
        {
            case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorListSyntax or AttributeListSyntax
                or UsingDirectiveSyntax or TypeParameterListSyntax or TypeParameterConstraintClauseSyntax or BaseListSyntax
                or ParameterListSyntax or BracketedParameterListSyntax:
                return false;
            case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                return false;
            case TypeSyntax when IsTypePosition(node):
                return false; // declared types are read from the syntax where needed, never evaluated
            case StatementSyntax when node.Parent is ForEachStatementSyntax fe && fe.Statement == node:
                BindLoopVariable(fe, parent);
                RegisterLocalFunctions(node);
                return true;
            case BlockSyntax block:
                RegisterLocalFunctions(block);
                return true;
            default:
                return true;
        }
    }

    /// <summary>The value of a child of the node being left.</summary>
    /// <summary>Local functions of a block can be called before they are written: know them when the block starts.</summary>
    private void RegisterLocalFunctions(SyntaxNode block)
    {
        if (block is not BlockSyntax b) return;
        foreach (var statement in b.Statements)
        {
            if (statement is LocalFunctionStatementSyntax local) AddUnit(local);
        }
    }

    private CsValue? Value(SyntaxNode? node)
    {
        if (node is null || _leaving is null) return null;
        var i = _leaving.Find(node);
        return i < 0 ? null : _leaving.Results![i].Value;
    }

    /// <summary>The span of the node being left or of one of its children (cheap); of anything else, Roslyn's.</summary>
    private TextSpan Span(SyntaxNode node)
    {
        if (_leaving is not null)
        {
            if (ReferenceEquals(node, _leaving.Node)) return _leaving.Span;
            var i = _leaving.Find(node);
            if (i >= 0) return _leaving.Results![i].Span;
        }
        return new TextSpan(node.Span.Start, node.Span.End);
    }

    private static TextSpan Span(SyntaxToken token) => new(token.Span.Start, token.Span.End);

    /// <summary>Per syntax kind: does Leave compute anything for it? (Most statements and declarations: no.)</summary>
    private static readonly sbyte[] LeaveKinds = new sbyte[1 << 14];

    private static bool HasValue(SyntaxNode node)
    {
        var kind = node.RawKind;
        if ((uint)kind >= LeaveKinds.Length) return true;
        var known = LeaveKinds[kind];
        if (known == 0)
        {
            known = node is ExpressionSyntax or InterpolationSyntax or InterpolatedStringTextSyntax or ArgumentSyntax or BaseArgumentListSyntax
                or AnonymousObjectMemberDeclaratorSyntax or SwitchExpressionArmSyntax or ExpressionElementSyntax or SpreadElementSyntax
                or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax or VariableDeclaratorSyntax or PropertyDeclarationSyntax
                or ReturnStatementSyntax ? (sbyte)1 : (sbyte)-1;
            LeaveKinds[kind] = known;
        }
        return known > 0;
    }

    private CsValue? Leave(SyntaxNode node)
    {
        if (!HasValue(node)) return null;
        switch (node)
        {
            case LiteralExpressionSyntax literal:
                return Literal(literal);
            case InterpolatedStringExpressionSyntax interpolated:
                return Interpolated(interpolated);
            case InterpolationSyntax interpolation:
                return Value(interpolation.Expression)?.At(Span(interpolation.Expression));
            case InterpolatedStringTextSyntax text:
                return new CsValue(Span(text), Text.Of(text.TextToken.ValueText)) { Origin = Span(text), Type = "System.String" };
            case BinaryExpressionSyntax binary:
                return Binary(binary);
            case ParenthesizedExpressionSyntax p:
                return Value(p.Expression)?.At(Span(p));
            case CastExpressionSyntax cast:
                return Cast(cast);
            case AwaitExpressionSyntax a:
                return Value(a.Expression)?.At(Span(a));
            case ConditionalExpressionSyntax c:
                return Conditional(c);
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang:
                return Value(bang.Operand)?.At(Span(bang));
            case IdentifierNameSyntax id:
                return Identifier(id);
            case GenericNameSyntax g:
                return TypeOrUnknown(g, g.Identifier.ValueText);
            case QualifiedNameSyntax qualified:
                return MemberAccess(qualified, Value(qualified.Left), qualified.Right);
            case AliasQualifiedNameSyntax aliasQualified:
                return TypeOrUnknown(aliasQualified, aliasQualified.Name.Identifier.ValueText);
            case PredefinedTypeSyntax predefined:
                return new CsValue(Span(predefined)) { TypeName = CSharpNames.Predefined(predefined.Keyword.ValueText) ?? predefined.Keyword.ValueText };
            case MemberAccessExpressionSyntax member:
                return IsCallOrAssignmentTarget(member)
                    ? new CsValue(Span(member)) { Receiver = Value(member.Expression)?.At(Span(member.Expression)) }
                    : MemberAccess(member, Value(member.Expression)?.At(Span(member.Expression)), member.Name);
            case MemberBindingExpressionSyntax binding:
                return IsCallOrAssignmentTarget(binding)
                    ? new CsValue(Span(binding)) { Receiver = ConditionalReceiver(binding) }
                    : MemberAccess(binding, ConditionalReceiver(binding), binding.Name);
            case ConditionalAccessExpressionSyntax ca:
                return Value(ca.WhenNotNull)?.At(Span(ca));
            case InvocationExpressionSyntax invocation:
                return Invoke(invocation);
            case BaseObjectCreationExpressionSyntax creation:
                return Create(creation);
            case ArrayCreationExpressionSyntax array:
                return Value(array.Initializer)?.At(Span(array)) ?? new CsValue(Span(array));
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return Value(implicitArray.Initializer)?.At(Span(implicitArray));
            case CollectionExpressionSyntax collection:
                return Collection(Span(collection), collection.Elements.Select(e => Value(e)));
            case SpreadElementSyntax spread:
                return Value(spread.Expression);
            case InitializerExpressionSyntax init:
                return Initializer(init);
            case ElementAccessExpressionSyntax element when IsCallOrAssignmentTarget(element):
                return new CsValue(Span(element)) { Receiver = Value(element.Expression), Items = Value(element.ArgumentList)?.Items };
            case ElementAccessExpressionSyntax element:
                return ElementAccess(element);
            case AssignmentExpressionSyntax assignment:
                return Assign(assignment);
            case AnonymousObjectCreationExpressionSyntax anon:
                return AnonymousObject(anon);
            case TupleExpressionSyntax tuple:
                return Collection(Span(tuple), tuple.Arguments.Select(a => Value(a)));
            case SwitchExpressionSyntax sw:
                return Union(Span(sw), sw.Arms.Select(a => Value(a)).ToArray());
            case TypeOfExpressionSyntax typeOf:
                return new CsValue(Span(typeOf)) { Type = "System.Type", Tag = ResolveTypeText(typeOf.Type.ToString()) ?? typeOf.Type.ToString() };
            case ThisExpressionSyntax:
                return new CsValue(Span(node)) { Type = _currentType };
            case ArgumentSyntax argument:
                return (Value(argument.Expression) ?? new CsValue(Span(argument))) with { Label = argument.NameColon?.Name.Identifier.ValueText };
            case BaseArgumentListSyntax arguments:
                return ArgumentList(arguments);
            case AnonymousObjectMemberDeclaratorSyntax member:
                return Value(member.Expression) is { } mv ? mv with { Label = member.NameEquals?.Name.Identifier.ValueText ?? (member.Expression as IdentifierNameSyntax)?.Identifier.ValueText } : null;
            case SwitchExpressionArmSyntax arm:
                return Value(arm.Expression);
            case ExpressionElementSyntax element:
                return Value(element.Expression);
            case EqualsValueClauseSyntax equals:
                return Value(equals.Value);
            case ArrowExpressionClauseSyntax arrow:
                return Value(arrow.Expression);
            case VariableDeclaratorSyntax declarator:
                Declare(declarator);
                return null;
            case PropertyDeclarationSyntax { Initializer: { } pinit } property:
                _fields[property.Identifier.ValueText] = (Value(pinit) ?? new CsValue(Span(property))) with { Type = ResolveTypeText(property.Type.ToString()) ?? Value(pinit)?.Type };
                return null;
            case ReturnStatementSyntax { Expression: { } returned }:
                if (Value(returned) is { } rv) _returns?.Add(rv);
                return null;
            case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or IsPatternExpressionSyntax or CheckedExpressionSyntax
                or RefExpressionSyntax or RangeExpressionSyntax:
                return Union(Span(node), node.ChildNodes().Select(Value).ToArray());
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Expressions
    // ------------------------------------------------------------------------------------------------------------

    private CsValue? Literal(LiteralExpressionSyntax literal)
    {
        var span = Span(literal);
        switch (literal.Kind())
        {
            case SyntaxKind.StringLiteralExpression or SyntaxKind.Utf8StringLiteralExpression:
            {
                var text = literal.Token.ValueText;
                var value = new CsValue(span, Text.Of(text)) { Origin = ContentSpan(literal.Token, text), Type = "System.String" };
                NoteString(value);
                return value;
            }
            case SyntaxKind.CharacterLiteralExpression:
            {
                var text = literal.Token.ValueText;
                return new CsValue(span, Text.Of(text)) { Number = text.Length == 1 ? text[0] : null, Type = "System.Char", Origin = span };
            }
            case SyntaxKind.NumericLiteralExpression:
            {
                var number = literal.Token.Value switch
                {
                    int i => (long?)i,
                    long l => l,
                    uint u => u,
                    ulong ul when ul <= long.MaxValue => (long)ul,
                    _ => null,
                };
                return new CsValue(span, Text.Of(literal.Token.ValueText)) { Number = number, Type = number is null ? "System.Double" : "System.Int32" };
            }
            case SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression:
                return new CsValue(span, Text.Of(literal.Token.ValueText == "true" ? "True" : "False")) { Type = "System.Boolean" };
            default:
                return null;
        }
    }

    /// <summary>The span of a string literal's content when it is written verbatim, else the whole token.</summary>
    private TextSpan ContentSpan(SyntaxToken token, string value)
    {
        var span = Span(token);
        var raw = token.Text;
        var open = raw.IndexOf('"');
        if (open < 0) return span;
        var quotes = 1;
        while (open + quotes < raw.Length && raw[open + quotes] == '"') quotes++;
        if (quotes == 2) quotes = 1; // "" is an empty literal
        var start = span.Start + open + quotes;
        var end = span.End - quotes - (raw.EndsWith("u8", StringComparison.Ordinal) ? 2 : 0);
        if (end < start) return span;
        // Raw multi-line literals drop their first and last line breaks and indentation: keep the whole token then.
        return end - start == value.Length ? new TextSpan(start, end) : span;
    }

    private CsValue Interpolated(InterpolatedStringExpressionSyntax node)
    {
        Text? text = Text.Of("");
        IReadOnlyList<TaintSource> taint = ValueFact.NoTaint;
        TextSpan? origin = null;
        foreach (var content in node.Contents)
        {
            var v = Value(content);
            text = Text.Concat(text, AsText(v), _fold);
            if (v is null) continue;
            taint = Taints.Union(taint, v.Taint);
            origin = origin is { } o ? o.Union(v.OriginOrSpan) : v.OriginOrSpan;
        }
        var value = new CsValue(Span(node), text, taint) { Origin = origin, Type = "System.String" };
        NoteString(value);
        return value;
    }

    /// <summary>A value as text the way string concatenation would print it (null when unknown).</summary>
    private static Text? AsText(CsValue? v)
    {
        if (v is null) return null;
        if (v.TextValue is not null) return v.TextValue;
        if (v.Number is { } n) return Text.Of(v.Type == "System.Char" ? ((char)n).ToString() : n.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    private CsValue? Binary(BinaryExpressionSyntax node)
    {
        var left = Value(node.Left);
        var right = Value(node.Right);
        var span = Span(node);
        var taint = Taints.Union(left?.Taint ?? ValueFact.NoTaint, right?.Taint ?? ValueFact.NoTaint);
        switch (node.Kind())
        {
            case SyntaxKind.AddExpression:
            {
                var isString = left?.Type == "System.String" || right?.Type == "System.String";
                if (!isString && left?.Number is { } a && right?.Number is { } b)
                {
                    return new CsValue(span, null, taint) { Number = a + b, Type = "System.Int32" };
                }
                var text = Text.Concat(AsText(left), AsText(right), _fold);
                TextSpan? origin = left?.Origin is { } lo ? (right?.Origin is { } ro ? lo.Union(ro) : lo) : right?.Origin;
                var value = new CsValue(span, text, taint)
                {
                    Type = "System.String",
                    Origin = origin,
                    DecodedBy = left?.DecodedBy ?? right?.DecodedBy,
                    Via = left?.Via ?? right?.Via ?? (text is not null ? "concatenated string" : null),
                };
                if (node.Parent is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }) NoteString(value);
                return value;
            }
            case SyntaxKind.CoalesceExpression:
                return new CsValue(span, left?.TextValue ?? right?.TextValue, taint) { Type = left?.Type ?? right?.Type, Origin = left?.Origin ?? right?.Origin };
            default:
                return taint.Count == 0 ? null : new CsValue(span, null, taint);
        }
    }

    private CsValue? Cast(CastExpressionSyntax cast)
    {
        var inner = Value(cast.Expression);
        if (inner is null) return null;
        var target = cast.Type.ToString();
        if (target is "char" or "Char" or "System.Char" && inner.Number is { } n and >= 0 and <= 0xFFFF)
        {
            return inner with { Span = Span(cast), TextValue = Text.Of(((char)n).ToString()), Number = n, Type = "System.Char", Via = "char code" };
        }
        if (target is "int" or "byte" or "long" or "short" && inner.Number is { } m)
        {
            return inner with { Span = Span(cast), TextValue = Text.Of(m.ToString(CultureInfo.InvariantCulture)), Type = "System.Int32" };
        }
        return inner with { Span = Span(cast), Type = ResolveTypeText(target) ?? inner.Type };
    }

    private CsValue Identifier(IdentifierNameSyntax id)
    {
        var name = id.Identifier.ValueText;
        var span = Span(id);
        if (IsTypePosition(id)) return TypeOrUnknown(id, name);
        // The variable's value as it is (arguments get their own spans in ArgumentList).
        if (_locals.TryGetValue(name, out var local)) return local;
        if (_fields.TryGetValue(name, out var field)) return field;
        return TypeOrUnknown(id, name);
    }

    /// <summary>`HttpClient` in `HttpClient c = …` is a type, never a variable.</summary>
    private static bool IsTypePosition(SyntaxNode node) => node.Parent switch
    {
        VariableDeclarationSyntax d => d.Type == node,
        ObjectCreationExpressionSyntax o => o.Type == node,
        CastExpressionSyntax c => c.Type == node,
        ParameterSyntax p => p.Type == node,
        BasePropertyDeclarationSyntax prop => prop.Type == node,
        TypeOfExpressionSyntax or DefaultExpressionSyntax or SizeOfExpressionSyntax => true,
        TypeArgumentListSyntax or ArrayTypeSyntax or NullableTypeSyntax or PointerTypeSyntax or RefTypeSyntax or TupleElementSyntax => true,
        DeclarationPatternSyntax or RecursivePatternSyntax or DeclarationExpressionSyntax or TypePatternSyntax or CatchDeclarationSyntax => true,
        ForEachStatementSyntax f => f.Type == node,
        ArrayCreationExpressionSyntax a => a.Type == node,
        StackAllocArrayCreationExpressionSyntax s => s.Type == node,
        _ => false,
    };

    private CsValue TypeOrUnknown(SyntaxNode node, string name)
    {
        var span = Span(node);
        if (ResolveType(name, out var via) is { } type) return new CsValue(span) { TypeName = type, Via = via };
        if (_names.IsInFileType(name)) return new CsValue(span) { TypeName = name };
        return new CsValue(span) { NamespacePrefix = CSharpNames.StripGlobal(name) };
    }

    private string? ResolveTypeText(string text) => text is "var" or "dynamic" ? null : _names.ResolveType(text);

    private string? ResolveType(string text, out string? via) => _names.ResolveType(text, out via);

    /// <summary>`a?.B`: the value of `a`, held by the enclosing conditional access (still being walked).</summary>
    private CsValue? ConditionalReceiver(SyntaxNode binding)
    {
        for (var k = _frames.Count - 1; k >= 0 && k >= _frames.Count - 64; k--)
        {
            if (_frames[k].Node is ConditionalAccessExpressionSyntax ca)
            {
                var i = _frames[k].Find(ca.Expression);
                return i < 0 ? null : _frames[k].Results![i].Value;
            }
        }
        return null;
    }

    private static bool IsCallOrAssignmentTarget(SyntaxNode member) => member.Parent switch
    {
        InvocationExpressionSyntax inv => inv.Expression == member,
        AssignmentExpressionSyntax a => a.Left == member,
        _ => false,
    };

    /// <summary>Arguments: positional ones as Items, named ones (`name: x`) as Properties.</summary>
    private CsValue ArgumentList(BaseArgumentListSyntax list)
    {
        var positional = new List<CsValue>(list.Arguments.Count);
        Dictionary<string, CsValue>? named = null;
        foreach (var a in list.Arguments)
        {
            var v = Value(a) ?? new CsValue(Span(a));
            var span = Span(a.Expression is { } e && a.NameColon is null ? (SyntaxNode)a : a.Expression);
            if (v.Span != span) v = v with { Span = span };
            if (v.Label is { } label) (named ??= new Dictionary<string, CsValue>(StringComparer.Ordinal))[label] = v with { Label = null };
            else positional.Add(v);
        }
        return new CsValue(Span(list)) { Items = positional, Properties = named };
    }

    private CsValue Collection(TextSpan span, IEnumerable<CsValue?> elements)
    {
        var items = elements.Select(e => e ?? CsValue.Unknown).ToList();
        var taint = ValueFact.NoTaint;
        foreach (var i in items) taint = Taints.Union(taint, i.Taint);
        return new CsValue(span, null, taint) { Items = items };
    }

    private CsValue Initializer(InitializerExpressionSyntax init)
    {
        var span = Span(init);
        if (init.IsKind(SyntaxKind.ObjectInitializerExpression) || init.IsKind(SyntaxKind.WithInitializerExpression))
        {
            var properties = new Dictionary<string, CsValue>(StringComparer.Ordinal);
            var items = new List<CsValue>();
            var taint = ValueFact.NoTaint;
            foreach (var e in init.Expressions)
            {
                if (Value(e) is not { } v) continue;
                if (v.Label is { } label) properties[label] = v with { Label = null };
                else items.Add(v);
                taint = Taints.Union(taint, v.Taint);
            }
            return new CsValue(span, null, taint) { Properties = properties, Items = items.Count > 0 ? items : null };
        }
        return Collection(span, init.Expressions.Select(Value));
    }

    private CsValue? ElementAccess(ElementAccessExpressionSyntax element)
    {
        var target = Value(element.Expression);
        if (target is null) return null;
        var index = Value(element.ArgumentList)?.Items is [var only] ? only : null;
        if (target.Items is { } items && index?.Number is { } i && i >= 0 && i < items.Count) return items[(int)i].At(Span(element));
        if (target.Constant is { } s && index?.Number is { } c && c >= 0 && c < s.Length)
        {
            return new CsValue(Span(element), Text.Of(s[(int)c].ToString()), target.Taint) { Number = s[(int)c], Type = "System.Char" };
        }
        if (target.Properties is { } props && index?.Constant is { } key && props.TryGetValue(key, out var prop)) return prop.At(Span(element));
        return new CsValue(Span(element), null, target.Taint);
    }

    private CsValue AnonymousObject(AnonymousObjectCreationExpressionSyntax anon)
    {
        var properties = new Dictionary<string, CsValue>(StringComparer.Ordinal);
        var taint = ValueFact.NoTaint;
        foreach (var m in anon.Initializers)
        {
            if (Value(m) is not { } v) continue;
            properties[v.Label ?? ""] = v with { Label = null };
            taint = Taints.Union(taint, v.Taint);
        }
        return new CsValue(Span(anon), null, taint) { Properties = properties };
    }

    /// <summary>
    /// `cond ? "cmd.exe" : "/bin/bash"`: when both branches are known the value is one of them; the first is kept
    /// (a possible value is what detection needs), with both branches' taint.
    /// </summary>
    private CsValue? Conditional(ConditionalExpressionSyntax c)
    {
        var whenTrue = Value(c.WhenTrue);
        var whenFalse = Value(c.WhenFalse);
        var union = Union(Span(c), whenTrue, whenFalse);
        if (union is null || union.Constant is not null || whenTrue?.Constant is null || whenFalse?.Constant is null) return union;
        return union with { TextValue = whenTrue.TextValue, Origin = whenTrue.Origin, Type = whenTrue.Type, Via = "first branch of a conditional" };
    }

    private CsValue? Union(TextSpan span, params CsValue?[] values)
    {
        var taint = ValueFact.NoTaint;
        string? constant = null;
        var same = true;
        foreach (var v in values)
        {
            if (v is null)
            {
                same = false;
                continue;
            }
            taint = Taints.Union(taint, v.Taint);
            if (constant is null) constant = v.Constant;
            else if (constant != v.Constant) same = false;
        }
        return new CsValue(span, same && constant is not null ? Text.Of(constant) : null, taint);
    }

    /// <summary>`X.Name` that is not called: a type, an enum member, a well-known property, or a property of an object.</summary>
    private CsValue? MemberAccess(SyntaxNode node, CsValue? prefix, SimpleNameSyntax nameNode)
    {
        var span = Span(node);
        var name = nameNode.Identifier.ValueText;
        if (prefix is null) return null;
        if (prefix.NamespacePrefix is { } ns)
        {
            if (ns.Length > 512) return null; // `a.b.c.…` 100,000 names long: not a namespace
            var combined = ns + "." + name;
            return ResolveType(combined, out var via) is { } t ? new CsValue(span) { TypeName = t, Via = via } : new CsValue(span) { NamespacePrefix = combined };
        }
        if (prefix.TypeName is { } type)
        {
            if (type.Length > 512) return null;
            var full = type + "." + name;
            if (_names.IsKnownType(full)) return new CsValue(span) { TypeName = full };
            if (StaticMember(full, span) is { } known) return known;
            if (_catalog.Lookup(full) is { } entry) return PropertyRead(full, entry, null, node, nameNode);
            return new CsValue(span) { Type = ReturnType(full), Tag = name };
        }
        // A member of a value.
        if (prefix.Properties is { } properties)
        {
            if (properties.TryGetValue(name, out var prop)) return prop.At(span);
            if (name is "StartInfo" or "ArgumentList" or "Headers" or "DefaultRequestHeaders")
            {
                var created = new CsValue(span) { Properties = new(StringComparer.Ordinal), Items = new List<CsValue>(), Type = ReturnType((prefix.Type ?? "") + "." + name) };
                properties[name] = created;
                return created;
            }
        }
        var member = prefix.Type is { } pt ? pt + "." + name : null;
        if (member is not null && _catalog.Lookup(member) is { } memberEntry && memberEntry.Source is not null) return PropertyRead(member, memberEntry, prefix, node, nameNode);
        return new CsValue(span, name == "Length" ? null : null, prefix.Taint) { Type = member is null ? null : ReturnType(member), Bytes = null };
    }

    /// <summary>Static members with well-known values: Encoding.UTF8, SpecialFolder.UserProfile, Environment.NewLine ...</summary>
    private static CsValue? StaticMember(string full, TextSpan span) => full switch
    {
        "System.Text.Encoding.UTF8" or "System.Text.Encoding.ASCII" or "System.Text.Encoding.Default" or "System.Text.Encoding.Latin1"
            or "System.Text.Encoding.Unicode" or "System.Text.Encoding.BigEndianUnicode" or "System.Text.Encoding.UTF32"
            => new CsValue(span) { Type = "System.Text.Encoding", Tag = full[(full.LastIndexOf('.') + 1)..] },
        "System.Environment.NewLine" => new CsValue(span, Text.Of("\n")) { Type = "System.String" },
        "System.IO.Path.DirectorySeparatorChar" => new CsValue(span, Text.Of("/")) { Type = "System.Char", Number = '/' },
        "System.String.Empty" => new CsValue(span, Text.Of("")) { Type = "System.String" },
        _ when full.StartsWith("System.Environment.SpecialFolder.", StringComparison.Ordinal)
            => new CsValue(span) { Type = "System.Environment.SpecialFolder", Tag = full[33..] },
        _ when full.StartsWith("System.Net.Http.HttpMethod.", StringComparison.Ordinal)
            => new CsValue(span, Text.Of(full[27..].ToUpperInvariant())) { Type = "System.Net.Http.HttpMethod", Tag = full[27..].ToUpperInvariant() },
        _ => null,
    };

    /// <summary>A property with capabilities (Environment.UserName): a call fact of its own, with its source taint.</summary>
    private CsValue PropertyRead(string callee, CatalogEntry entry, CsValue? receiver, SyntaxNode node, SimpleNameSyntax nameNode)
    {
        var span = Span(node);
        _facts.Calls.Add(new CallFact
        {
            Document = _doc,
            Callee = callee,
            Capabilities = entry.Capabilities,
            Span = span,
            CalleeSpan = Span(nameNode),
            Receiver = receiver?.ToFact(_doc),
        });
        var taint = entry.Source is { } source ? Taints.One(source, callee, _doc, span) : ValueFact.NoTaint;
        if (receiver is not null) taint = Taints.Union(taint, receiver.Taint);
        return new CsValue(span, null, taint) { Type = ReturnType(callee) };
    }

    // ------------------------------------------------------------------------------------------------------------
    // Declarations and assignments
    // ------------------------------------------------------------------------------------------------------------

    private void Declare(VariableDeclaratorSyntax declarator)
    {
        var name = declarator.Identifier.ValueText;
        var declaration = declarator.Parent as VariableDeclarationSyntax;
        string? declaredType = null;
        if (declaration?.Type is { IsVar: false } t)
        {
            var typeText = CsValue.Slice(_doc, new TextSpan(t.Span.Start, t.Span.End));
            declaredType = ResolveTypeText(typeText) ?? (_names.IsInFileType(typeText) ? typeText : null);
        }
        var init = Value(declarator.Initializer);
        var value = init is null
            ? new CsValue(Span(declarator)) { Type = declaredType }
            : init with { Type = declaredType ?? init.Type, Taint = Taints.Through(init.Taint, _doc, Span(declarator), "assigned to " + name) };
        if (declaration?.Parent is BaseFieldDeclarationSyntax) _fields[name] = value;
        else _locals[name] = value;
    }

    private CsValue? Assign(AssignmentExpressionSyntax assignment)
    {
        var right = Value(assignment.Right) ?? new CsValue(Span(assignment.Right));
        var span = Span(assignment);
        // `new P { FileName = x }` and `{ ["k"] = v }`: initializer entries, not assignments to variables.
        if (assignment.Parent is InitializerExpressionSyntax)
        {
            return assignment.Left is IdentifierNameSyntax property ? right with { Label = property.Identifier.ValueText } : right;
        }
        switch (assignment.Left)
        {
            case IdentifierNameSyntax id:
            {
                var name = id.Identifier.ValueText;
                var scope = _locals.ContainsKey(name) || !_fields.ContainsKey(name) ? _locals : _fields;
                var value = Combine(assignment, scope.GetValueOrDefault(name), right, span);
                scope[name] = value with { Taint = Taints.Through(value.Taint, _doc, span, "assigned to " + name) };
                return value;
            }
            case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } thisMember:
            {
                var name = thisMember.Name.Identifier.ValueText;
                _fields[name] = Combine(assignment, _fields.GetValueOrDefault(name), right, span);
                return right;
            }
            case ElementAccessExpressionSyntax element:
            {
                // vars[key] = value / info["env"] = vars: the collection now holds the value (and its taint).
                var target = Value(element);
                var index = target?.Items is [var key] ? key.Constant : null;
                if (target?.Receiver?.Properties is { } entries && index is not null) entries[index] = right;
                if (right.IsTainted && element.Expression is IdentifierNameSyntax collection)
                {
                    var name = collection.Identifier.ValueText;
                    var scope = _locals.ContainsKey(name) || !_fields.ContainsKey(name) ? _locals : _fields;
                    if (scope.TryGetValue(name, out var old))
                    {
                        scope[name] = old with { Taint = Taints.Union(old.Taint, Taints.Through(right.Taint, _doc, span, "stored in " + name)) };
                    }
                }
                return right;
            }
            case MemberAccessExpressionSyntax member:
            {
                // psi.FileName = "bash": the object's state, shared by every reference to it.
                if (Value(member)?.Receiver?.Properties is { } properties)
                {
                    var name = member.Name.Identifier.ValueText;
                    properties[name] = Combine(assignment, properties.GetValueOrDefault(name), right, span);
                }
                return right;
            }
            default:
                return right;
        }
    }

    private CsValue Combine(AssignmentExpressionSyntax assignment, CsValue? old, CsValue right, TextSpan span)
    {
        if (!assignment.IsKind(SyntaxKind.AddAssignmentExpression)) return right;
        if (old is null) return right;
        return new CsValue(span, Text.Concat(AsText(old), AsText(right), _fold), Taints.Union(old.Taint, right.Taint))
        {
            Type = old.Type ?? right.Type,
            Origin = old.Origin is { } o ? (right.Origin is { } r ? o.Union(r) : o) : right.Origin,
        };
    }

    private void BindLoopVariable(ForEachStatementSyntax loop, Frame frame)
    {
        var i = frame.Find(loop.Expression);
        var collection = i < 0 ? null : frame.Results![i].Value;
        if (collection is null) return;
        var element = collection.Items is { Count: 1 } one ? one[0] : new CsValue(Span(loop.Identifier), null, collection.Taint);
        _locals[loop.Identifier.ValueText] = element with { Taint = Taints.Through(element.Taint, _doc, Span(loop.Identifier), "loop variable " + loop.Identifier.ValueText) };
    }

    // ------------------------------------------------------------------------------------------------------------
    // Facts
    // ------------------------------------------------------------------------------------------------------------

    private void NoteString(CsValue value)
    {
        if (value.Constant is not { Length: >= 4 } text) return;
        AddStringFact(value.OriginOrSpan, text, value.DecodedBy);
    }

    private void AddStringFact(TextSpan span, string text, string? decodedBy)
    {
        if (text.Length < 4 || !_stringSpans.Add((span.Start, span.End, decodedBy))) return;
        _facts.Strings.Add(new StringFact(_doc, span, text.Length > 64 * 1024 ? text[..(64 * 1024)] : text, decodedBy));
    }
}

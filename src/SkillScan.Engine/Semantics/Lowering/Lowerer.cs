using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.TreeSitter;
using SkillScan.Util;

namespace SkillScan.Semantics.Lowering;

/// <summary>
/// Lowers a JavaScript/TypeScript/Python tree into facts: one engine for every language, driven by a
/// <see cref="SyntaxProfile"/> (node types and fields) and the language's <see cref="CapabilityCatalog"/> (APIs).
/// <para>
/// Statements are processed in source order from an explicit work stack (no recursion over statements), so that
/// "the last assignment before use" is what a variable holds. Expressions are evaluated recursively up to
/// <see cref="MaxEvalDepth"/>; deeper sub-expressions are queued as work items and evaluated on their own, so a
/// 200,000-deep expression costs a bounded stack. Function declarations are analysed when first called (so a
/// helper sees the module's constants) or when their scope ends; small helpers are also inlined at call sites
/// whose arguments are tainted or constant, which carries taint and constants through one or two levels of calls.
/// </para>
/// </summary>
internal sealed partial class Lowerer
{
    private const int MaxEvalDepth = 200;
    private const int MaxInlineDepth = 3;
    private const int MaxOnDemandDepth = 4;
    private const int MaxSymbolLength = 256;
    private const int MaxItems = 10_000;
    private const int MaxInlineBodyNodes = 4000;
    private const int MaxDerivedPerDocument = 256;
    private const int MaxUnrolled = 16;

    private readonly SyntaxProfile _p;
    private readonly SourceDocument _doc;
    private readonly string _text;
    private readonly FactContext _context;
    private readonly CapabilityCatalog _catalog;
    private readonly SensitivePaths _paths;
    private readonly DocumentFacts _facts = new();
    private readonly TsNode _root;
    private readonly TsTreeCursor _cursor;
    private readonly Pools _pools = t_pools ??= new Pools();
    private readonly Dictionary<TsNode, FunctionDef> _functions = new();
    private readonly Dictionary<string, Value> _globals = new(StringComparer.Ordinal);
    private readonly HashSet<(int, int)> _stringSpans = new();
    private readonly HashSet<(int, int, int)> _derived = new();
    private readonly List<FunctionDef> _inlineStack = new();
    private Frame _frame = new(0, false);
    private long _ticks;
    private long _inlineTicks;
    private readonly long _inlineBudget;
    private readonly FoldBudget _fold;
    private long _unrollBudget;
    private int _onDemandDepth;

    /// <summary>
    /// The short-lived lists and stacks of lowering, kept per thread: a Lowerer lives for one document, and pools of
    /// its own started empty on every file. Documents are lowered one at a time on a thread, never nested.
    /// </summary>
    private sealed class Pools
    {
        public readonly CollectionPool<List<TsNode>> NodeLists = CollectionPool.OfLists<TsNode>();
        public readonly CollectionPool<List<Arg>> ArgLists = CollectionPool.OfLists<Arg>();
        public readonly CollectionPool<Stack<Work>> WorkStacks = CollectionPool.OfStacks<Work>();
    }

    [ThreadStatic]
    private static Pools? t_pools;

    private Lowerer(ParsedDocument parsed, FactContext context)
    {
        _doc = parsed.Document;
        _text = _doc.Text;
        _p = SyntaxProfile.For(_doc.Language);
        _context = context;
        _catalog = BuiltinCatalogs.For(_doc.Language);
        _paths = BuiltinCatalogs.SensitivePaths;
        _root = parsed.TreeSitter!.Root;
        _cursor = _root.Walk();
        _fold = new FoldBudget(_text.Length);
        // Inlining and unrolling re-analyse code: bounded to a fraction of the document so big files stay cheap.
        var nodes = (long)_root.DescendantCount;
        _inlineBudget = 20_000 + nodes / 2;
        _unrollBudget = 20_000 + nodes / 4;
    }

    public static DocumentFacts Lower(ParsedDocument parsed, FactContext context)
    {
        if (parsed.TreeSitter is null) return DocumentFacts.Empty;
        var lowerer = new Lowerer(parsed, context);
        try
        {
            var module = new Scope(null);
            lowerer.Drive(Work.Statement(lowerer._root, module), new Frame(0, false), endScope: module);
            return lowerer._facts;
        }
        finally
        {
            lowerer._cursor.Dispose();
        }
    }

    // ---------------------------------------------------------------- work items and frames

    private enum WorkKind : byte { Statement, ScopeEnd, Function, Body, Binding }

    private readonly record struct Work(WorkKind Kind, TsNode Node, Scope Scope, FunctionDef? Def, Value? Value = null)
    {
        /// <summary>Bind a loop variable to one element (unrolled loops).</summary>
        public static Work Binding(TsNode target, Value value, Scope scope) => new(WorkKind.Binding, target, scope, null, value);

        public static Work Statement(TsNode node, Scope scope) => new(WorkKind.Statement, node, scope, null);

        public static Work End(Scope scope) => new(WorkKind.ScopeEnd, default, scope, null);

        /// <summary>Analyse a function once, with unknown parameters (emits its facts).</summary>
        public static Work Function(FunctionDef def) => new(WorkKind.Function, default, def.DefiningScope, def);

        /// <summary>Run a function body in a prepared scope (inlining).</summary>
        public static Work Body(FunctionDef def, Scope scope) => new(WorkKind.Body, default, scope, def);
    }

    /// <summary>
    /// How facts are emitted while a body is processed: Tag 0 is the normal analysis; Tag k &gt; 0 is an inlined
    /// call k levels deep, which emits only calls fed by its arguments; Silent folds values without emitting.
    /// </summary>
    private sealed class Frame
    {
        public Frame(int tag, bool silent, int baseDepth = 0)
        {
            Tag = tag;
            Silent = silent;
            BaseDepth = baseDepth;
        }

        public int Tag { get; }

        /// <summary>Expression depth its statements start at (nested analyses share the depth budget of the caller).</summary>
        public int BaseDepth { get; }

        public bool Silent { get; }

        /// <summary>Closures and too-deep expressions found while evaluating the current statement.</summary>
        public List<Work> Pending { get; } = new();

        public bool Emits => !Silent;
    }

    private void Drive(Work first, Frame frame, Scope? endScope = null)
    {
        var saved = _frame;
        _frame = frame;
        try
        {
            var stack = _pools.WorkStacks.Rent();
            if (endScope is not null) stack.Push(Work.End(endScope));
            stack.Push(first);
            while (stack.Count > 0)
            {
                Tick();
                var w = stack.Pop();
                switch (w.Kind)
                {
                    case WorkKind.Statement:
                        Statement(w.Node, w.Scope, stack);
                        break;
                    case WorkKind.ScopeEnd:
                        EndScope(w.Scope, stack);
                        break;
                    case WorkKind.Function:
                        StartFunction(w.Def!, stack);
                        break;
                    case WorkKind.Body:
                        StartBody(w.Def!, w.Scope, stack);
                        break;
                    case WorkKind.Binding:
                        Bind(w.Node, w.Value!, w.Scope, _frame.BaseDepth);
                        break;
                }
                if (frame.Pending.Count > 0)
                {
                    for (var i = frame.Pending.Count - 1; i >= 0; i--) stack.Push(frame.Pending[i]);
                    frame.Pending.Clear();
                }
            }
            _pools.WorkStacks.Return(stack);
        }
        finally
        {
            _frame = saved;
        }
    }

    private void Tick()
    {
        if ((++_ticks & 2047) == 0) _context.CancellationToken.ThrowIfCancellationRequested();
        if (_frame.Tag > 0) _inlineTicks++;
    }

    /// <summary>Queues a node to be processed after the current statement (closures, too-deep expressions).</summary>
    private void Defer(TsNode node, Scope scope)
    {
        if (_frame.Tag == 0 && !_frame.Silent) _frame.Pending.Add(Work.Statement(node, scope));
    }

    // ---------------------------------------------------------------- statements

    private void Statement(TsNode node, Scope scope, Stack<Work> stack)
    {
        switch (_p.Kind(node))
        {
            case NodeKind.Skip:
                return;
            case NodeKind.Container:
            case NodeKind.Other:
                PushChildren(node, scope, stack);
                return;
            case NodeKind.FunctionDecl:
                Declare(node, scope);
                return;
            case NodeKind.ClassDecl:
                ClassStatement(node, scope, stack);
                return;
            case NodeKind.Return:
                ReturnStatement(node, scope);
                return;
            case NodeKind.Import:
                if (_p.IsPython) PythonImport(node, scope);
                else JsImport(node, scope);
                return;
            case NodeKind.ImportFrom:
                PythonImportFrom(node, scope);
                return;
            case NodeKind.ForIn:
                ForIn(node, scope, stack);
                return;
            case NodeKind.Global:
                foreach (var name in Named(node))
                {
                    if (node.Type == "nonlocal_statement") (scope.Nonlocals ??= new HashSet<string>(StringComparer.Ordinal)).Add(Text(name));
                    else (scope.Globals ??= new HashSet<string>(StringComparer.Ordinal)).Add(Text(name));
                }
                return;
            case NodeKind.ExecStatement:
                ExecStatement(node, scope);
                return;
            case NodeKind.Assign:
            case NodeKind.AugAssign:
            case NodeKind.Declarator:
            case NodeKind.NamedExpr:
                Eval(node, scope, _frame.BaseDepth); // records its own folded value
                return;
            default:
                Consume(Eval(node, scope, _frame.BaseDepth), node);
                return;
        }
    }

    /// <summary>Pushes a block's statements (in order) after declaring its functions, which are hoisted.</summary>
    private void PushChildren(TsNode node, Scope scope, Stack<Work> stack)
    {
        var children = NamedList(node);
        foreach (var child in children)
        {
            var kind = _p.Kind(child);
            if (kind == NodeKind.FunctionDecl)
            {
                Declare(child, scope);
            }
            else if (kind == NodeKind.Container)
            {
                // export function f(){} / @decorator def f(): ...
                var inner = child.Field(_p.IsPython ? _p.FDefinition : _p.FDeclaration);
                if (!inner.IsNull && _p.Kind(inner) == NodeKind.FunctionDecl) Declare(inner, scope);
            }
        }
        for (var i = children.Count - 1; i >= 0; i--) stack.Push(Work.Statement(children[i], scope));
        Recycle(children);
    }

    /// <summary>Binds a declared function's name; its body is analysed on first call or when the scope ends.</summary>
    private FunctionDef Declare(TsNode node, Scope scope)
    {
        if (_functions.TryGetValue(node, out var def))
        {
            // Re-declared in an inlined copy of the enclosing body: bind the same definition there.
            if (def.Name is not null && !scope.TryGet(def.Name, out _)) scope.Set(def.Name, new Value { Function = def });
            return def;
        }
        var nameNode = node.Field(_p.FName);
        var name = nameNode.IsNull ? null : Text(nameNode);
        def = new FunctionDef(node, name, ParametersOf(node), node.Field(_p.FBody), scope) { Instance = scope.IsClass ? scope.Instance : null };
        _functions[node] = def;
        if (name is not null)
        {
            var fv = new Value { Function = def };
            scope.Set(name, fv);
            if (scope.IsClass && scope.Instance?.Props is { } props)
            {
                props[name] = fv;
                Value.MutationEpoch++;
            }
        }
        (scope.Declared ??= new List<FunctionDef>()).Add(def);
        return def;
    }

    private TsNode ParametersOf(TsNode function)
    {
        var ps = function.Field(_p.FParameters);
        return ps.IsNull ? function.Field(_p.FParameter) : ps;
    }

    private void EndScope(Scope scope, Stack<Work> stack)
    {
        if (scope.Owner is { } owner && scope.Returns is not null && _frame.Tag == 0)
        {
            owner.Summary = Summarize(scope.Returns);
        }
        if (_frame.Tag != 0 || _frame.Silent || scope.Declared is null) return;
        for (var i = scope.Declared.Count - 1; i >= 0; i--)
        {
            if (!scope.Declared[i].Processed) stack.Push(Work.Function(scope.Declared[i]));
        }
    }

    private void StartFunction(FunctionDef def, Stack<Work> stack)
    {
        if (def.Processed) return;
        def.Processed = true;
        var scope = new Scope(def.DefiningScope, def) { Returns = new List<Value>() };
        BindParameters(def, scope, null, null, 0, default);
        StartBody(def, scope, stack);
    }

    private void StartBody(FunctionDef def, Scope scope, Stack<Work> stack)
    {
        if (def.Body.IsNull) return;
        var kind = _p.Kind(def.Body);
        if (kind is NodeKind.Container or NodeKind.Other)
        {
            stack.Push(Work.End(scope));
            PushChildren(def.Body, scope, stack);
        }
        else
        {
            // Arrow function or lambda with an expression body.
            var v = Eval(def.Body, scope, _frame.BaseDepth);
            scope.Returns?.Add(v);
            if (_frame.Tag == 0) def.Summary = Summarize(scope.Returns ?? [v]);
        }
    }

    private static Value Summarize(List<Value> returns)
    {
        if (returns.Count == 0) return Value.Unknown;
        if (returns.Count == 1) return returns[0];
        var taint = ValueFact.NoTaint;
        string? str = returns[0].Str;
        foreach (var r in returns)
        {
            taint = TaintSet.Union(taint, r.Taint);
            if (r.Str != str) str = null;
        }
        return new Value { Str = str, Taint = taint };
    }

    private void ClassStatement(TsNode node, Scope scope, Stack<Work> stack)
    {
        var nameNode = node.Field(_p.FName);
        var classScope = new Scope(scope, isClass: true) { Instance = new Value { Props = new Dictionary<string, Value>(StringComparer.Ordinal) } };
        if (!nameNode.IsNull) scope.Set(Text(nameNode), Value.Unknown);
        var body = node.Field(_p.FBody);
        if (body.IsNull) return;
        stack.Push(Work.End(classScope));
        PushChildren(body, classScope, stack);
    }

    private void ReturnStatement(TsNode node, Scope scope)
    {
        Value v = Value.Unknown;
        foreach (var child in Named(node))
        {
            if (_p.Kind(child) == NodeKind.Skip) continue;
            v = Eval(child, scope, _frame.BaseDepth);
            Consume(v, child);
            break;
        }
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.Returns is not null)
            {
                s.Returns.Add(v);
                return;
            }
            if (s.Owner is not null) return;
        }
    }

    private void ForIn(TsNode node, Scope scope, Stack<Work> stack)
    {
        var right = Eval(node.Field(_p.FRight), scope, _frame.BaseDepth);
        var left = node.Field(_p.FLeft);
        var alternative = node.Field(_p.FAlternative);
        if (!alternative.IsNull) stack.Push(Work.Statement(alternative, scope));
        var body = node.Field(_p.FBody);
        if (body.IsNull) return;
        // A short constant list (paths to steal, hosts to try) is unrolled: each pass sees one element.
        if (right.Items is { Count: > 0 and <= MaxUnrolled } items && (long)items.Count * body.DescendantCount is var cost && cost <= 20_000
            && cost <= _unrollBudget && IteratesElements(node))
        {
            _unrollBudget -= cost;
            for (var i = items.Count - 1; i >= 0; i--)
            {
                stack.Push(Work.Statement(body, scope));
                stack.Push(Work.Binding(left, items[i], scope));
            }
            return;
        }
        Bind(left, ElementOf(right, node), scope, _frame.BaseDepth);
        stack.Push(Work.Statement(body, scope));
    }

    /// <summary>Python `for x in xs` and JS `for (x of xs)` see elements; JS `for (k in o)` sees keys.</summary>
    private bool IteratesElements(TsNode loop)
    {
        if (_p.IsPython) return true;
        var op = loop.Field(_p.FOperator);
        if (!op.IsNull) return op.Type == "of";
        for (var i = 0; i < loop.ChildCount && i < 8; i++)
        {
            if (loop.Child(i).Type == "of") return true;
        }
        return false;
    }

    /// <summary>An element of a collection being iterated: its items' data, or the collection's.</summary>
    private Value ElementOf(Value collection, TsNode at)
    {
        var taint = collection.Taint;
        if (collection.Items is { } items)
        {
            foreach (var item in items) taint = TaintSet.Union(taint, item.Taint);
        }
        if (taint.Count == 0) return collection.Tag == 0 ? Value.Unknown : Value.Tainted(taint, collection.Tag);
        return Value.Tainted(TaintSet.Through(taint, _doc, Span(at), "iterated over"), collection.Tag);
    }

    private static Value ItemOf(Value v, int index)
    {
        if (v.Items is { } items && index < items.Count) return items[index];
        return Value.Tainted(v.Taint, v.Tag);
    }

    // ---------------------------------------------------------------- imports

    private void JsImport(TsNode node, Scope scope)
    {
        var sourceNode = node.Field(_p.FSource);
        foreach (var child in Named(node))
        {
            if (child.Type == "import_require_clause")
            {
                // TS: import cp = require('child_process')
                var src = child.Field(_p.FSource);
                var local = child.NamedChild(0);
                if (src.IsNull || local.IsNull) continue;
                var module = ModuleName(Eval(src, scope, _frame.BaseDepth).Str);
                if (module is null) continue;
                AddImport(node, module, Text(local));
                BindImport(scope, Text(local), module);
            }
        }
        if (sourceNode.IsNull) return;
        var m = ModuleName(Eval(sourceNode, scope, _frame.BaseDepth).Str);
        if (m is null) return;
        var any = false;
        foreach (var clause in Named(node))
        {
            if (clause.Type != "import_clause") continue;
            foreach (var part in Named(clause))
            {
                switch (part.Type)
                {
                    case "identifier":
                        // Default import: the module's main export.
                        AddImport(node, m, Text(part));
                        BindImport(scope, Text(part), m);
                        any = true;
                        break;
                    case "namespace_import":
                        var ns = part.NamedChild(0);
                        if (ns.IsNull) break;
                        AddImport(node, m, Text(ns));
                        BindImport(scope, Text(ns), m);
                        any = true;
                        break;
                    case "named_imports":
                        foreach (var spec in Named(part))
                        {
                            if (spec.Type != "import_specifier") continue;
                            var nameNode = spec.Field(_p.FName);
                            var aliasNode = spec.Field(_p.FAlias);
                            if (nameNode.IsNull) continue;
                            var imported = Unquote(Text(nameNode));
                            var local = aliasNode.IsNull ? imported : Text(aliasNode);
                            var symbol = imported == "default" ? m : m + "." + imported;
                            AddImport(node, m, local);
                            BindImport(scope, local, symbol);
                            any = true;
                        }
                        break;
                }
            }
        }
        if (!any) AddImport(node, m, null);
    }

    private void PythonImport(TsNode node, Scope scope)
    {
        foreach (var child in Named(node))
        {
            if (child.Type == "dotted_name")
            {
                var dotted = Text(child);
                // No module name (empty, or longer than any symbol is kept): nothing to import or bind.
                if (ModuleName(dotted) is not { } module) continue;
                AddImport(node, module, null);
                var first = dotted.Split('.')[0];
                if (ModuleName(first) is { } top) BindImport(scope, first, top);
            }
            else if (child.Type == "aliased_import")
            {
                var nameNode = child.Field(_p.FName);
                var aliasNode = child.Field(_p.FAlias);
                if (nameNode.IsNull || aliasNode.IsNull || ModuleName(Text(nameNode)) is not { } module) continue;
                AddImport(node, module, Text(aliasNode));
                BindImport(scope, Text(aliasNode), module);
            }
        }
    }

    private void PythonImportFrom(TsNode node, Scope scope)
    {
        var moduleNode = node.Field(_p.FModuleName);
        // A module name too long to keep as a symbol (hostile input) imports nothing: Qualify would get null.
        if (moduleNode.IsNull || ModuleName(Text(moduleNode)) is not { } module) return;
        foreach (var child in Named(node))
        {
            if (child == moduleNode) continue;
            switch (child.Type)
            {
                case "dotted_name":
                    var name = Text(child);
                    AddImport(node, Qualify(module, name), null);
                    if (ModuleName(Qualify(module, name)) is { } imported) BindImport(scope, name, imported);
                    break;
                case "aliased_import":
                    var nameNode = child.Field(_p.FName);
                    var aliasNode = child.Field(_p.FAlias);
                    if (nameNode.IsNull || aliasNode.IsNull) break;
                    AddImport(node, Qualify(module, Text(nameNode)), Text(aliasNode));
                    if (ModuleName(Qualify(module, Text(nameNode))) is { } aliased) BindImport(scope, Text(aliasNode), aliased);
                    break;
                case "wildcard_import":
                    AddImport(node, module, "*");
                    (scope.Module.StarModules ??= new List<string>()).Add(module);
                    break;
            }
        }
    }

    /// <summary>`from m import n` → m.n; `from . import n` → .n (relative modules keep their dots).</summary>
    private static string Qualify(string module, string name) => module.EndsWith('.') ? module + name : module + "." + name;

    private void BindImport(Scope scope, string local, string symbol) =>
        scope.Set(local, new Value { Symbol = symbol, Via = local == symbol ? null : $"alias {local} of {symbol}" });

    private void AddImport(TsNode node, string module, string? alias)
    {
        if (_frame.Tag == 0 && !_frame.Silent) _facts.Imports.Add(new ImportFact(_doc, Span(node), module, alias));
    }

    /// <summary>
    /// Canonical module name: the catalog's aliases (node:fs → fs, fs/promises → fs.promises, urllib2 →
    /// urllib.request), applied to the whole name or its longest aliased prefix.
    /// </summary>
    private string? ModuleName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxSymbolLength) return null;
        var normalized = _catalog.NormalizeModule(name);
        if (!ReferenceEquals(normalized, name) && normalized != name) return normalized;
        for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
        {
            var prefix = name[..dot];
            var mapped = _catalog.NormalizeModule(prefix);
            if (mapped != prefix) return mapped + name[dot..];
        }
        return name;
    }

    private static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s;

    // ---------------------------------------------------------------- binding

    /// <summary>Binds a value to an assignment target or pattern (identifier, member, destructuring, tuple).</summary>
    private void Bind(TsNode target, Value v, Scope scope, int depth, bool declare = true)
    {
        if (target.IsNull || depth > MaxEvalDepth) return;
        switch (_p.Kind(target))
        {
            case NodeKind.Identifier:
                BindName(Text(target), v, scope, target, declare);
                return;
            case NodeKind.Member:
            {
                var obj = Eval(target.Field(_p.FObject), scope, depth + 1, Use.Object);
                var prop = target.Field(_p.FProperty);
                if (obj.Props is { } props && !prop.IsNull)
                {
                    props[Text(prop)] = v;
                    Value.MutationEpoch++;
                }
                return;
            }
            case NodeKind.Subscript:
            {
                var obj = Eval(target.Field(_p.FSubscriptObject), scope, depth + 1, Use.Object);
                var key = Eval(target.Field(_p.FIndex), scope, depth + 1);
                if (obj.Props is { } props && key.ConstantText() is { } k)
                {
                    props[k] = v;
                    Value.MutationEpoch++;
                }
                return;
            }
            case NodeKind.Paren:
            case NodeKind.Wrap:
                Bind(FirstNamed(target), v, scope, depth + 1);
                return;
            case NodeKind.Array:
                BindSequence(target, v, scope, depth);
                return;
        }
        switch (target.Type)
        {
            case "object_pattern":
                foreach (var part in Named(target))
                {
                    switch (part.Type)
                    {
                        case "pair_pattern":
                        {
                            var key = PropertyKey(part.Field(_p.FKey), scope, depth);
                            if (key is not null) Bind(part.Field(_p.FValue), Member(v, key, part, Use.Value, false, null), scope, depth + 1);
                            break;
                        }
                        case "shorthand_property_identifier_pattern":
                        {
                            var name = Text(part);
                            BindName(name, Member(v, name, part, Use.Value, false, null), scope, part);
                            break;
                        }
                        case "object_assignment_pattern":
                        {
                            var left = part.Field(_p.FLeft);
                            var name = Text(left);
                            var member = Member(v, name, part, Use.Value, false, null);
                            if (member == Value.Unknown) member = Eval(part.Field(_p.FRight), scope, depth + 1);
                            BindName(name, member, scope, left);
                            break;
                        }
                        case "rest_pattern":
                            Bind(FirstNamed(part), v, scope, depth + 1);
                            break;
                    }
                }
                return;
            case "array_pattern":
            case "pattern_list":
            case "tuple_pattern":
            case "list_pattern":
                BindSequence(target, v, scope, depth);
                return;
            case "assignment_pattern":
            {
                var value = v == Value.Unknown ? Eval(target.Field(_p.FRight), scope, depth + 1) : v;
                Bind(target.Field(_p.FLeft), value, scope, depth + 1);
                return;
            }
            case "rest_pattern":
            case "list_splat_pattern":
            case "dictionary_splat_pattern":
            case "as_pattern_target":
            case "required_parameter":
            case "optional_parameter":
                var inner = target.Field(_p.FPattern);
                Bind(inner.IsNull ? FirstNamed(target) : inner, v, scope, depth + 1);
                return;
        }
    }

    private void BindSequence(TsNode target, Value v, Scope scope, int depth)
    {
        var i = 0;
        foreach (var element in Named(target))
        {
            var t = element.Type;
            if (t is "rest_pattern" or "list_splat_pattern" or "list_splat")
            {
                Bind(FirstNamed(element), Value.Tainted(v.Taint, v.Tag), scope, depth + 1);
            }
            else if (t != "comment")
            {
                Bind(element, ItemOf(v, i), scope, depth + 1);
            }
            i++;
        }
    }

    private void BindName(string name, Value v, Scope scope, TsNode at, bool declare = true)
    {
        if (v.IsTainted) v = v.WithTaint(TaintSet.Through(v.Taint, _doc, Span(at), $"assigned to {name}"));
        if (v.Function is { Name: null, BoundName: null } anonymous) anonymous.BoundName = name;
        if (v.Symbol is not null && v.Via is null && !v.Computed && !v.IsInstance && name != v.Symbol && v.Function is null)
        {
            v = v.Copy(via: $"alias {name} of {v.Symbol}");
        }
        if (declare || _p.IsPython) scope.Set(name, v);
        else scope.Assign(name, v);
        if (scope.IsClass && scope.Instance?.Props is { } props)
        {
            props[name] = v;
            Value.MutationEpoch++;
        }
    }

    // ---------------------------------------------------------------- helpers

    private TextSpan Span(TsNode node) => _doc.Utf8.Span(node.StartByte, node.EndByte);

    private string Text(TsNode node)
    {
        if (node.IsNull) return string.Empty;
        var span = Span(node);
        return _text.Substring(span.Start, span.Length);
    }

    /// <summary>Source text for messages: one line, at most 80 characters.</summary>
    private string ShortText(TsNode node)
    {
        var span = Span(node);
        var raw = _text.AsSpan(span.Start, Math.Min(span.Length, 120));
        if (span.Length <= 80 && raw.IndexOfAny('\n', '\r', '\t') < 0) return raw.ToString();
        var t = raw.ToString();
        t = string.Join(' ', t.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return t.Length > 80 ? t[..79] + "…" : t;
    }

    private TsNode FirstNamed(TsNode node)
    {
        var first = node.NamedChild(0);
        if (first.IsNull || _p.Kind(first) != NodeKind.Skip) return first;
        foreach (var c in Named(node))
        {
            if (_p.Kind(c) != NodeKind.Skip) return c;
        }
        return default;
    }

    /// <summary>
    /// The named children of a node, read with one shared native cursor in one call (enumerating
    /// TsNode.NamedChildren allocates a native cursor per call, which dominated the cost of lowering), into a pooled
    /// list the caller hands back with <see cref="Recycle"/>.
    /// </summary>
    private List<TsNode> NamedList(TsNode node)
    {
        var list = _pools.NodeLists.Rent();
        if (node.IsNull) return list;
        _cursor.AddNamedChildren(node, list);
        return list;
    }

    /// <summary>The named children of a node for one <c>foreach</c>, whose end returns the list to the pool.</summary>
    private ChildLoop Named(TsNode node) => new(this, NamedList(node));

    /// <summary>Enumerated once, by the <c>foreach</c> it was made for: disposing the enumerator recycles the list.</summary>
    private readonly struct ChildLoop(Lowerer owner, List<TsNode> list)
    {
        public Enumerator GetEnumerator() => new(owner, list);

        public struct Enumerator(Lowerer owner, List<TsNode> list) : IDisposable
        {
            private int _index = -1;

            public readonly TsNode Current => list[_index];

            public bool MoveNext() => ++_index < list.Count;

            public readonly void Dispose() => owner.Recycle(list);
        }
    }

    /// <summary>Returns a list from <see cref="NamedList"/> for reuse (only when no one else holds it).</summary>
    private void Recycle(List<TsNode> list) => _pools.NodeLists.Return(list);
}

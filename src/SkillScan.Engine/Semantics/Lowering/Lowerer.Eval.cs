using System.Text;
using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Lowering;

/// <summary>How an expression's value is used: property sources (process.env) apply only when read as a value.</summary>
internal enum Use : byte
{
    Value,
    Object,
    Callee,
}

internal sealed partial class Lowerer
{
    private Value Eval(TsNode node, Scope scope, int depth, Use use = Use.Value)
    {
        if (node.IsNull) return Value.Unknown;
        if (depth > MaxEvalDepth)
        {
            Defer(node, scope);
            return Value.Unknown;
        }
        Tick();
        switch (_p.Kind(node))
        {
            case NodeKind.Skip:
                return Value.Unknown;
            case NodeKind.Identifier:
                return Identifier(node, scope, use);
            case NodeKind.This:
                return scope.TryGet("this", out var self) ? self : Value.Unknown;
            case NodeKind.String:
                return _p.IsPython ? PythonString(node, scope, depth) : JsString(node);
            case NodeKind.Template:
                return JsTemplate(node, scope, depth);
            case NodeKind.ConcatString:
            {
                var parts = new List<Value>();
                foreach (var c in Named(node)) parts.Add(Eval(c, scope, depth + 1));
                return Build(parts, node, "concatenated into a string");
            }
            case NodeKind.Number:
                return new Value { Num = Literals.Number(Text(node)) };
            case NodeKind.True:
                return new Value { Bool = true };
            case NodeKind.False:
                return new Value { Bool = false };
            case NodeKind.Null:
                return Value.Unknown;
            case NodeKind.Call:
                return Call(node, scope, depth, isNew: false);
            case NodeKind.New:
                return Call(node, scope, depth, isNew: true);
            case NodeKind.Member:
            {
                var obj = Eval(node.Field(_p.FObject), scope, depth + 1, Use.Object);
                var prop = node.Field(_p.FProperty);
                return prop.IsNull ? Value.Tainted(obj.Taint, obj.Tag) : Member(obj, Text(prop), node, use, false, null);
            }
            case NodeKind.Subscript:
            {
                var obj = Eval(node.Field(_p.FSubscriptObject), scope, depth + 1, Use.Object);
                return Subscript(obj, node, scope, depth, use);
            }
            case NodeKind.Binary:
                return Binary(node, scope, depth);
            case NodeKind.BoolOp:
            {
                var l = Eval(node.Field(_p.FLeft), scope, depth + 1);
                var r = Eval(node.Field(_p.FRight), scope, depth + 1);
                var op = Text(node.Field(_p.FOperator));
                return Either(op is "and" or "&&" ? r : l, op is "and" or "&&" ? l : r);
            }
            case NodeKind.Compare:
                foreach (var c in Named(node)) Eval(c, scope, depth + 1);
                return Value.Unknown;
            case NodeKind.Unary:
            {
                Value v = Value.Unknown;
                foreach (var c in Named(node)) v = Eval(c, scope, depth + 1);
                var op = node.Child(0).Type;
                return op == "-" && v.Num is { } n ? new Value { Num = -n } : op is "+" or "-" or "~" ? Value.Tainted(v.Taint, v.Tag) : Value.Unknown;
            }
            case NodeKind.Ternary:
                return Ternary(node, scope, depth);
            case NodeKind.Assign:
            {
                var right = node.Field(_p.FRight);
                if (right.IsNull) return Value.Unknown; // annotation only: `x: int`
                var left = node.Field(_p.FLeft);
                var v = Eval(right, scope, depth + 1, IsDestructuring(left) ? Use.Object : Use.Value);
                Consume(v, right);
                Bind(left, v, scope, depth + 1, declare: false);
                return v;
            }
            case NodeKind.AugAssign:
            {
                var left = node.Field(_p.FLeft);
                var l = Eval(left, scope, depth + 1);
                var r = Eval(node.Field(_p.FRight), scope, depth + 1);
                var op = Text(node.Field(_p.FOperator));
                var v = Combine(op.TrimEnd('='), l, r, node);
                Bind(left, v, scope, depth + 1, declare: false);
                return v;
            }
            case NodeKind.Declarator:
            {
                var nameNode = node.Field(_p.FName);
                if (nameNode.IsNull) nameNode = node.Field(_p.FProperty);
                var valueNode = node.Field(_p.FValue);
                if (valueNode.IsNull) return Value.Unknown;
                var v = Eval(valueNode, scope, depth + 1, IsDestructuring(nameNode) ? Use.Object : Use.Value);
                Consume(v, valueNode);
                if (_p.Kind(nameNode) is NodeKind.Skip or NodeKind.Identifier)
                {
                    // Class fields (`x = 1` in a class body) and plain declarations.
                    BindName(Text(nameNode), v, scope, nameNode);
                }
                else
                {
                    Bind(nameNode, v, scope, depth + 1);
                }
                return v;
            }
            case NodeKind.NamedExpr:
            {
                var v = Eval(node.Field(_p.FValue), scope, depth + 1);
                Bind(node.Field(_p.FName), v, scope, depth + 1);
                return v;
            }
            case NodeKind.Array:
                return ArrayLiteral(node, scope, depth);
            case NodeKind.Object:
                return ObjectLiteral(node, scope, depth);
            case NodeKind.Spread:
            case NodeKind.Paren:
            case NodeKind.Await:
            case NodeKind.Wrap:
                return Eval(FirstNamed(node), scope, depth + 1, use);
            case NodeKind.Sequence:
            {
                Value last = Value.Unknown;
                foreach (var c in Named(node)) last = Eval(c, scope, depth + 1, use);
                // (0, eval)(x): an indirect reference to the same function.
                return last.Symbol is null ? last : last.Copy(computed: true, via: "computed " + ShortText(node));
            }
            case NodeKind.FunctionExpr:
                return FunctionExpression(node, scope);
            case NodeKind.FunctionDecl:
                return new Value { Function = Declare(node, scope) };
            case NodeKind.AsPattern:
            {
                var v = Eval(FirstNamed(node), scope, depth + 1);
                var alias = node.Field(_p.FAlias);
                if (!alias.IsNull) Bind(alias, v, scope, depth + 1);
                return v;
            }
            case NodeKind.Comprehension:
                return Comprehension(node, scope, depth);
            case NodeKind.Container:
            case NodeKind.ClassDecl:
            case NodeKind.Return:
            case NodeKind.Import:
            case NodeKind.ImportFrom:
            case NodeKind.ForIn:
            case NodeKind.Global:
            case NodeKind.ExecStatement:
                Defer(node, scope);
                return Value.Unknown;
            default:
            {
                // Unknown syntax (JSX, decorators, ERROR nodes...): evaluate what is inside, keep its data.
                var taint = ValueFact.NoTaint;
                var children = NamedList(node);
                foreach (var c in children)
                {
                    var kind = _p.Kind(c);
                    if (kind is NodeKind.Container or NodeKind.Return or NodeKind.Import or NodeKind.ImportFrom or NodeKind.ClassDecl)
                    {
                        Defer(c, scope);
                        continue;
                    }
                    taint = TaintSet.Union(taint, Eval(c, scope, depth + 1).Taint);
                }
                Recycle(children);
                return Value.Tainted(taint);
            }
        }
    }

    private bool IsDestructuring(TsNode target) => !target.IsNull && target.Type is "object_pattern";

    private Value Identifier(TsNode node, Scope scope, Use use)
    {
        var name = Text(node);
        if (scope.TryGet(name, out var v)) return v;
        return Global(name, node, scope, use);
    }

    /// <summary>A name bound nowhere in the document: a builtin/global (eval, fetch, process, open) or a star import.</summary>
    private Value Global(string name, TsNode node, Scope scope, Use use)
    {
        if (scope.Module.StarModules is { } stars)
        {
            foreach (var m in stars)
            {
                var qualified = m + "." + name;
                if (_catalog.Lookup(qualified) is not null) return new Value { Symbol = qualified, Via = $"alias {name} of {qualified}" };
            }
        }
        if (name.Length > MaxSymbolLength) return Value.Unknown;
        if (!_globals.TryGetValue(name, out var v))
        {
            v = new Value { Symbol = name };
            _globals[name] = v;
        }
        return ApplyPropertySource(v, node, null, false, use);
    }

    /// <summary>obj.name: a property of a literal, a qualified API name, or data of a tainted object.</summary>
    private Value Member(Value obj, string name, TsNode node, Use use, bool computed, string? viaText)
    {
        if (obj.Props is { } props && props.TryGetValue(name, out var pv)) return pv;
        if (name == "length" && (obj.Str is not null || obj.Items is not null))
        {
            return new Value { Num = obj.Str?.Length ?? obj.Items!.Count };
        }
        if (!_p.IsPython && name == "constructor") return ConstructorOf(obj, node);
        if (obj.Symbol is null) return Value.Tainted(obj.Taint, obj.Tag);
        if (_p.TransparentMembers.Contains(name)) return obj;
        var symbol = _p.GlobalObjects.Contains(obj.Symbol) ? name : obj.Symbol + "." + name;
        if (symbol.Length > MaxSymbolLength) return Value.Tainted(obj.Taint, obj.Tag);
        var via = computed ? "computed " + viaText : obj.Via;
        var v = new Value { Symbol = symbol, Computed = obj.Computed || computed, Via = via, Taint = obj.Taint, Tag = obj.Tag };
        return ApplyPropertySource(v, node, null, false, use);
    }

    /// <summary>JS `x.constructor`: `''.constructor.constructor` and `(()=>{}).constructor` are Function.</summary>
    private Value ConstructorOf(Value obj, TsNode node)
    {
        string ctor = obj.Function is not null || obj.Symbol is not null ? "Function"
            : obj.Str is not null ? "String" : obj.Items is not null ? "Array" : obj.Num is not null ? "Number" : "Object";
        return new Value { Symbol = ctor, Computed = ctor == "Function", Via = "computed " + ShortText(node) };
    }

    private Value Subscript(Value obj, TsNode node, Scope scope, int depth, Use use)
    {
        var indexNode = node.Field(_p.FIndex);
        if (_p.IsPython && indexNode.Type == "slice") return Slice(obj, indexNode, scope, depth);
        var key = Eval(indexNode, scope, depth + 1);
        if (key.Str is { } k)
        {
            var isGlobalObject = obj.Symbol is not null && _p.GlobalObjects.Contains(obj.Symbol);
            var computed = !key.IsLiteral || isGlobalObject || (!_p.IsPython && obj.Symbol is not null && !IsPropertySource(obj.Symbol));
            if (obj.Items is null)
            {
                return Member(obj, k, node, use, computed && obj.Symbol is not null, ShortText(node));
            }
        }
        if (key.Num is { } n && n == Math.Floor(n) && Math.Abs(n) < int.MaxValue)
        {
            var i = (int)n;
            if (obj.Items is { } items)
            {
                if (i < 0 && _p.IsPython) i += items.Count;
                return i >= 0 && i < items.Count ? items[i] : Value.Unknown;
            }
            if (obj.Str is { } s)
            {
                if (i < 0 && _p.IsPython) i += s.Length;
                return i >= 0 && i < s.Length ? new Value { Str = s[i].ToString(), Taint = obj.Taint } : Value.Unknown;
            }
            if (obj.Props is { } props && props.TryGetValue(Value.FormatNumber(n), out var pv)) return pv;
        }
        if (obj.Symbol is not null)
        {
            // Unknown or numeric key on an API object: process.env[name], sys.argv[1].
            var v = new Value { Symbol = obj.Symbol + ".?", Computed = true, Via = "computed " + ShortText(node), Taint = obj.Taint, Tag = obj.Tag };
            return ApplyPropertySource(v, node, key.ConstantText() ?? ShortText(indexNode), key.ConstantText() is not null, use);
        }
        return Value.Tainted(obj.Taint, obj.Tag);
    }

    /// <summary>Python s[a:b:c] on a known string or list (s[::-1] reverses).</summary>
    private Value Slice(Value obj, TsNode slice, Scope scope, int depth)
    {
        var bounds = new double?[3];
        var part = 0;
        foreach (var c in slice.Children)
        {
            if (c.Type == ":")
            {
                part++;
                continue;
            }
            if (!c.IsNamed || part > 2) continue;
            var v = Eval(c, scope, depth + 1);
            if (v.Num is null) return Value.Tainted(obj.Taint, obj.Tag);
            bounds[part] = v.Num;
        }
        var length = obj.Str?.Length ?? obj.Items?.Count ?? -1;
        if (length < 0) return Value.Tainted(obj.Taint, obj.Tag);
        var step = (int)(bounds[2] ?? 1);
        if (step == 0) return Value.Unknown;
        int Clamp(double? b, int dflt)
        {
            if (b is null) return dflt;
            var x = (int)b.Value;
            if (x < 0) x += length;
            return step > 0 ? Math.Clamp(x, 0, length) : Math.Clamp(x, -1, length - 1);
        }
        var start = Clamp(bounds[0], step > 0 ? 0 : length - 1);
        var stop = Clamp(bounds[1], step > 0 ? length : -1);
        var indexes = new List<int>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step) indexes.Add(i);
        if (obj.Str is { } s)
        {
            var sb = new StringBuilder(indexes.Count);
            foreach (var i in indexes) sb.Append(s[i]);
            return new Value { Str = sb.ToString(), Taint = obj.Taint, Tag = obj.Tag, DecodedBy = step == -1 ? Chain(obj.DecodedBy, "reverse") : obj.DecodedBy };
        }
        var items = new List<Value>(indexes.Count);
        foreach (var i in indexes) items.Add(obj.Items![i]);
        return new Value { Items = items, Taint = obj.Taint, Tag = obj.Tag };
    }

    private Value Binary(TsNode node, Scope scope, int depth)
    {
        var l = Eval(node.Field(_p.FLeft), scope, depth + 1);
        var r = Eval(node.Field(_p.FRight), scope, depth + 1);
        var op = node.Field(_p.FOperator).Type;
        return op switch
        {
            "||" or "??" or "or" => Either(l, r),
            "&&" or "and" => Either(r, l),
            "==" or "===" or "!=" or "!==" or "<" or ">" or "<=" or ">=" or "instanceof" or "in" or "not in" or "is" => Value.Unknown,
            _ => Combine(op, l, r, node),
        };
    }

    /// <summary>`a || b`: the first known alternative, with the data of both.</summary>
    private static Value Either(Value first, Value second)
    {
        var taint = TaintSet.Union(first.Taint, second.Taint);
        var pick = first.HasKnownParts || first.Symbol is not null || first.Function is not null ? first : second;
        return pick.Copy(taint: taint, tag: Math.Max(first.Tag, second.Tag));
    }

    /// <summary>Arithmetic and string operators: + concatenation, Python % formatting, * repetition, / path joins.</summary>
    private Value Combine(string op, Value l, Value r, TsNode node)
    {
        switch (op)
        {
            case "+":
                if (l.Num is { } a && r.Num is { } b) return new Value { Num = a + b, Tag = Math.Max(l.Tag, r.Tag) };
                if (l.Items is not null && r.Items is not null && l.Items.Count + r.Items.Count <= MaxItems)
                {
                    return new Value { Items = [.. l.Items, .. r.Items], Taint = TaintSet.Union(l.Taint, r.Taint), Tag = Math.Max(l.Tag, r.Tag) };
                }
                return Build([l, r], node, "concatenated into a string");
            case "%" when _p.IsPython && l.Text is not null:
                return PercentFormat(l, r, node);
            case "*" when l.Str is not null && r.Num is { } times:
                return Repeat(l, times, r);
            case "/" when _p.IsPython && (l.Text is not null && r.Text is not null || l.Symbol == "pathlib.Path"):
            {
                // pathlib: Path.home() / ".ssh" / "id_rsa"
                var joined = Build([l, Value.String("/"), r], node, "joined into a path");
                return joined.Copy(symbol: l.Symbol);
            }
        }
        if ((l.Num ?? JsNumber(l)) is { } x && (r.Num ?? JsNumber(r)) is { } y)
        {
            double? result = op switch
            {
                "-" => x - y,
                "*" => x * y,
                "/" => y == 0 ? null : x / y,
                "%" => y == 0 ? null : x % y,
                "//" => y == 0 ? null : Math.Floor(x / y),
                "**" => Math.Pow(x, y),
                "^" => (long)x ^ (long)y,
                "|" => (long)x | (long)y,
                "&" => (long)x & (long)y,
                "<<" => (long)x << (int)(y % 64),
                ">>" => (long)x >> (int)(y % 64),
                _ => null,
            };
            if (result is not null) return new Value { Num = result };
        }
        var taint = TaintSet.Union(l.Taint, r.Taint);
        return taint.Count == 0 ? Value.Unknown : Value.Tainted(TaintSet.Through(taint, _doc, Span(node), "combined with " + op), Math.Max(l.Tag, r.Tag));
    }

    /// <summary>JS arithmetic other than + converts strings to numbers ("0x1" - 0 is 1): obfuscators index string arrays so.</summary>
    private double? JsNumber(Value v) =>
        _p.IsPython || v.Str is not { Length: > 0 and < 32 } s ? null : Literals.Number(s.Trim());

    private Value Repeat(Value s, double times, Value count)
    {
        var n = (long)times;
        if (n < 0 || n * s.Str!.Length > 1_000_000 || !SpendFold(n * s.Str.Length)) return Value.Tainted(s.Taint, s.Tag);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++) sb.Append(s.Str);
        return new Value { Str = sb.ToString(), Taint = s.Taint, Tag = Math.Max(s.Tag, count.Tag) };
    }

    /// <summary>
    /// Concatenates parts into a string value: Str when every part is known, else Shape with "…" for unknown parts.
    /// Taint of all parts flows into the result (one flow step).
    /// </summary>
    private Value Build(IReadOnlyList<Value> parts, TsNode node, string step)
    {
        var sb = new StringBuilder();
        var allKnown = true;
        var anyKnown = false;
        var taint = ValueFact.NoTaint;
        var tag = 0;
        string? decodedBy = null;
        foreach (var p in parts)
        {
            taint = TaintSet.Union(taint, p.Taint);
            tag = Math.Max(tag, p.Tag);
            decodedBy ??= p.DecodedBy;
            var known = p.Str ?? (p.Num is { } n ? Value.FormatNumber(n) : p.Bool is { } b ? (_p.IsPython ? (b ? "True" : "False") : (b ? "true" : "false")) : null);
            if (known is not null)
            {
                anyKnown = true;
                sb.Append(known);
            }
            else
            {
                allKnown = false;
                if (p.Shape is not null)
                {
                    anyKnown = true;
                    sb.Append(p.Shape);
                }
                else
                {
                    sb.Append('…');
                }
            }
            if (sb.Length > _context.Limits.MaxDecodedChars) return Value.Tainted(taint, tag);
        }
        if (taint.Count > 0) taint = TaintSet.Through(taint, _doc, Span(node), step);
        if (!anyKnown || !SpendFold(sb.Length)) return Value.Tainted(taint, tag);
        var text = sb.ToString();
        return allKnown
            ? new Value { Str = text, Taint = taint, Tag = tag, DecodedBy = decodedBy, Origin = Span(node) }
            : new Value { Shape = text, Taint = taint, Tag = tag };
    }

    /// <summary>Folding is bounded per document so quadratic string building in loops stays cheap (<see cref="FoldBudget"/>).</summary>
    private bool SpendFold(long chars) => _fold.Spend(chars);

    /// <summary>Python "fmt % args": %s %d %i %r %x with known arguments; unknown ones become "…".</summary>
    private Value PercentFormat(Value format, Value args, TsNode node)
    {
        var fmt = format.Text!;
        var values = args.Items ?? [args];
        var parts = new List<Value>();
        var literal = new StringBuilder();
        var next = 0;
        for (var i = 0; i < fmt.Length; i++)
        {
            if (fmt[i] != '%' || i + 1 >= fmt.Length)
            {
                literal.Append(fmt[i]);
                continue;
            }
            var j = i + 1;
            if (fmt[j] == '%')
            {
                literal.Append('%');
                i = j;
                continue;
            }
            if (fmt[j] == '(' && args.Props is not null)
            {
                var close = fmt.IndexOf(')', j);
                if (close < 0) return Value.Tainted(TaintSet.Union(format.Taint, args.Taint));
                var key = fmt[(j + 1)..close];
                j = close + 1;
                while (j < fmt.Length && !char.IsLetter(fmt[j])) j++;
                parts.Add(Value.String(literal.ToString()));
                literal.Clear();
                parts.Add(args.Props.GetValueOrDefault(key) ?? Value.Unknown);
                i = j;
                continue;
            }
            while (j < fmt.Length && !char.IsLetter(fmt[j])) j++;
            if (j >= fmt.Length) break;
            parts.Add(Value.String(literal.ToString()));
            literal.Clear();
            var arg = next < values.Count ? values[next] : Value.Unknown;
            next++;
            parts.Add(fmt[j] is 'x' && arg.Num is { } hex ? Value.String(((long)hex).ToString("x")) : fmt[j] == 'r' && arg.Str is { } rs ? Value.String("'" + rs + "'") : arg);
            i = j;
        }
        parts.Add(Value.String(literal.ToString()));
        var result = Build(parts, node, "formatted into a string");
        return result.WithTaint(TaintSet.Union(result.Taint, format.Taint));
    }

    private Value Ternary(TsNode node, Scope scope, int depth)
    {
        TsNode consequence, alternative;
        if (_p.IsPython)
        {
            // value if condition else other
            consequence = node.NamedChild(0);
            Eval(node.NamedChild(1), scope, depth + 1);
            alternative = node.NamedChild(2);
        }
        else
        {
            Eval(node.Field(_p.FCondition), scope, depth + 1);
            consequence = node.Field(_p.FConsequence);
            alternative = node.Field(_p.FAlternative);
        }
        var a = Eval(consequence, scope, depth + 1);
        var b = Eval(alternative, scope, depth + 1);
        var taint = TaintSet.Union(a.Taint, b.Taint);
        if (a.Str is not null && a.Str == b.Str) return a.WithTaint(taint);
        if (a.Symbol is not null && a.Symbol == b.Symbol) return a.WithTaint(taint);
        return Value.Tainted(taint, Math.Max(a.Tag, b.Tag));
    }

    private Value ArrayLiteral(TsNode node, Scope scope, int depth)
    {
        var items = new List<Value>();
        var exact = true;
        var taint = ValueFact.NoTaint;
        var tag = 0;
        var children = NamedList(node);
        foreach (var c in children)
        {
            var kind = _p.Kind(c);
            if (kind == NodeKind.Skip) continue;
            var v = Eval(c, scope, depth + 1);
            Consume(v, c);
            taint = TaintSet.Union(taint, v.Taint);
            tag = Math.Max(tag, v.Tag);
            if (kind == NodeKind.Spread)
            {
                if (v.Items is not null) items.AddRange(v.Items);
                else if (v.Str is not null && !_p.IsPython) foreach (var ch in v.Str) items.Add(Value.String(ch.ToString()));
                else exact = false;
            }
            else
            {
                items.Add(v);
            }
            if (items.Count > MaxItems) exact = false;
        }
        Recycle(children);
        if (taint.Count > 0) taint = TaintSet.Through(taint, _doc, Span(node), "stored in a list");
        return new Value { Items = exact ? items : null, Taint = taint, Tag = tag };
    }

    private Value ObjectLiteral(TsNode node, Scope scope, int depth)
    {
        var props = new Dictionary<string, Value>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, TsNode>(StringComparer.Ordinal);
        var taint = ValueFact.NoTaint;
        var tag = 0;
        foreach (var c in Named(node))
        {
            string? key = null;
            Value v;
            var at = c;
            switch (_p.Kind(c))
            {
                case NodeKind.Skip:
                    continue;
                case NodeKind.Identifier:
                    // { token } shorthand
                    key = Text(c);
                    v = Eval(c, scope, depth + 1);
                    break;
                case NodeKind.Spread:
                    v = Eval(c, scope, depth + 1);
                    if (v.Props is not null)
                    {
                        foreach (var (k, pv) in v.Props) props[k] = pv;
                    }
                    break;
                case NodeKind.FunctionDecl:
                    v = new Value { Function = FunctionExpressionDef(c, scope) };
                    key = Text(c.Field(_p.FName));
                    break;
                default:
                    if (c.Type != "pair")
                    {
                        v = Eval(c, scope, depth + 1);
                        break;
                    }
                    key = PropertyKey(c.Field(_p.FKey), scope, depth);
                    var valueNode = c.Field(_p.FValue);
                    v = Eval(valueNode, scope, depth + 1);
                    Consume(v, valueNode);
                    at = valueNode;
                    break;
            }
            if (key is not null)
            {
                props[key] = v;
                nodes[key] = at;
            }
            taint = TaintSet.Union(taint, v.Taint);
            tag = Math.Max(tag, v.Tag);
        }
        if (taint.Count > 0) taint = TaintSet.Through(taint, _doc, Span(node), "stored in an object");
        return new Value { Props = props, PropNodes = nodes, Taint = taint, Tag = tag };
    }

    /// <summary>An object key: name, string, number, or computed [expr] that folds.</summary>
    private string? PropertyKey(TsNode key, Scope scope, int depth)
    {
        if (key.IsNull) return null;
        var kind = _p.Kind(key);
        if (kind is NodeKind.Skip or NodeKind.Identifier) return Text(key);
        if (key.Type == "computed_property_name") return Eval(FirstNamed(key), scope, depth + 1).ConstantText();
        return Eval(key, scope, depth + 1).ConstantText();
    }

    private Value FunctionExpression(TsNode node, Scope scope) => new() { Function = FunctionExpressionDef(node, scope) };

    /// <summary>A closure: analysed after the current statement (so a call it is passed to can set its parameters' data).</summary>
    private FunctionDef FunctionExpressionDef(TsNode node, Scope scope)
    {
        if (_functions.TryGetValue(node, out var existing))
        {
            // First met while folding silently or inlining: the normal analysis still has to look at its body.
            if (!existing.Processed && !existing.Scheduled && _frame.Tag == 0 && !_frame.Silent)
            {
                existing.Scheduled = true;
                _frame.Pending.Add(Work.Function(existing));
            }
            return existing;
        }
        var nameNode = node.Field(_p.FName);
        var def = new FunctionDef(node, nameNode.IsNull ? null : Text(nameNode), ParametersOf(node), node.Field(_p.FBody), scope)
        {
            Instance = scope.TryGet("this", out var self) ? self : null,
        };
        _functions[node] = def;
        if (_frame.Tag == 0 && !_frame.Silent)
        {
            def.Scheduled = true;
            _frame.Pending.Add(Work.Function(def));
        }
        return def;
    }

    /// <summary>
    /// [f(x) for x in xs]: the body is analysed once with the element's data; when xs is a known list the body is
    /// also folded per element (silently), so ''.join(chr(c) for c in [..]) yields the string.
    /// </summary>
    private Value Comprehension(TsNode node, Scope scope, int depth)
    {
        var inner = new Scope(scope);
        var body = node.Field(_p.FBody);
        TsNode loopTarget = default;
        Value source = Value.Unknown;
        var clauses = 0;
        var filtered = false;
        foreach (var c in Named(node))
        {
            if (c.Type == "for_in_clause")
            {
                var right = Eval(c.Field(_p.FRight), inner, depth + 1);
                loopTarget = c.Field(_p.FLeft);
                source = right;
                Bind(loopTarget, ElementOf(right, c), inner, depth + 1);
                clauses++;
            }
            else if (c.Type == "if_clause")
            {
                Eval(FirstNamed(c), inner, depth + 1);
                filtered = true;
            }
        }
        var each = Eval(body, inner, depth + 1);
        List<Value>? items = null;
        if (clauses == 1 && !filtered && source.Items is { Count: <= 4096 } list && (long)list.Count * body.DescendantCount <= 50_000)
        {
            items = EachSilently(list, loopTarget, body, scope, depth);
        }
        return new Value { Items = items, Taint = each.Taint, Tag = each.Tag };
    }

    /// <summary>Evaluates an expression once per element with the element bound, emitting nothing.</summary>
    private List<Value> EachSilently(List<Value> elements, TsNode target, TsNode body, Scope scope, int depth)
    {
        var saved = _frame;
        _frame = new Frame(saved.Tag, silent: true);
        try
        {
            var result = new List<Value>(elements.Count);
            foreach (var element in elements)
            {
                var s = new Scope(scope);
                Bind(target, element, s, depth + 1);
                result.Add(Eval(body, s, depth + 1));
            }
            return result;
        }
        finally
        {
            _frame = saved;
        }
    }

    // ---------------------------------------------------------------- string literals

    private Value JsString(TsNode node)
    {
        var raw = Text(node);
        var value = raw.Length >= 2 ? Literals.Unescape(raw[1..^1], python: false) : string.Empty;
        var span = Span(node);
        AddLiteralString(span, value);
        return new Value { Str = value, Origin = span, IsLiteral = true };
    }

    private Value JsTemplate(TsNode node, Scope scope, int depth)
    {
        var parts = new List<Value>();
        var cursor = node.StartByte + 1; // after `
        var end = node.EndByte - 1;
        foreach (var c in Named(node))
        {
            if (c.Type != "template_substitution") continue;
            parts.Add(Value.String(Literals.Unescape(Utf8Slice(cursor, c.StartByte), python: false)));
            parts.Add(Eval(FirstNamed(c), scope, depth + 1));
            cursor = c.EndByte;
        }
        if (end >= cursor) parts.Add(Value.String(Literals.Unescape(Utf8Slice(cursor, end), python: false)));
        if (parts.Count == 1)
        {
            var span = Span(node);
            AddLiteralString(span, parts[0].Str!);
            return new Value { Str = parts[0].Str, Origin = span, IsLiteral = true };
        }
        return Build(parts, node, "interpolated into a string");
    }

    private Value PythonString(TsNode node, Scope scope, int depth)
    {
        var start = node.NamedChild(0);
        var prefix = start.Type == "string_start" ? Text(start) : "\"";
        var raw = prefix.Contains('r') || prefix.Contains('R');
        var isFormat = prefix.Contains('f') || prefix.Contains('F');
        var cursor = start.IsNull ? node.StartByte : start.EndByte;
        var endNode = node.NamedChild(node.NamedChildCount - 1);
        var end = endNode.Type == "string_end" ? endNode.StartByte : node.EndByte;
        var parts = new List<Value>();
        string Piece(uint from, uint to)
        {
            var s = Utf8Slice(from, to);
            if (isFormat) s = s.Replace("{{", "{").Replace("}}", "}");
            return raw ? s : Literals.Unescape(s, python: true);
        }
        if (isFormat)
        {
            foreach (var c in Named(node))
            {
                if (c.Type != "interpolation") continue;
                parts.Add(Value.String(Piece(cursor, c.StartByte)));
                var v = Eval(c.Field(_p.FExpression), scope, depth + 1);
                // Conversions and format specs (!r, :>10) change the text: keep the data, not the constant.
                if (!c.Field(_p.FTypeConversion).IsNull || !c.Field(_p.FFormatSpecifier).IsNull) v = Value.Tainted(v.Taint, v.Tag);
                parts.Add(v);
                cursor = c.EndByte;
            }
        }
        if (end >= cursor) parts.Add(Value.String(Piece(cursor, end)));
        if (parts.Count == 1)
        {
            var span = Span(node);
            AddLiteralString(span, parts[0].Str!);
            return new Value { Str = parts[0].Str, Origin = span, IsLiteral = true };
        }
        return Build(parts, node, "interpolated into a string");
    }

    private string Utf8Slice(uint startByte, uint endByte)
    {
        var span = _doc.Utf8.Span(startByte, Math.Max(startByte, endByte));
        return _text.Substring(span.Start, span.Length);
    }

    private static string? Chain(string? inner, string outer) => inner is null ? outer : inner + "+" + outer;
}

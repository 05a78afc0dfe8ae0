using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Lowering;

internal sealed partial class Lowerer
{
    private readonly record struct Arg(Value Value, TsNode Node);

    private static readonly IReadOnlyList<string> NoCapabilities = Array.Empty<string>();

    private Value Call(TsNode node, Scope scope, int depth, bool isNew)
    {
        // scope is also where mutating methods (xs.append(v)) rebind their receiver.
        var fnNode = node.Field(isNew ? _p.FConstructor : _p.FFunction);
        Value? receiver = null;
        TsNode receiverNode = default;
        string? method = null;
        Value callee;
        switch (_p.Kind(fnNode))
        {
            case NodeKind.Member:
                receiverNode = fnNode.Field(_p.FObject);
                receiver = Eval(receiverNode, scope, depth + 1, Use.Object);
                method = Text(fnNode.Field(_p.FProperty));
                callee = Member(receiver, method, fnNode, Use.Callee, false, null);
                break;
            case NodeKind.Subscript:
                receiverNode = fnNode.Field(_p.FSubscriptObject);
                receiver = Eval(receiverNode, scope, depth + 1, Use.Object);
                callee = Subscript(receiver, fnNode, scope, depth + 1, Use.Callee);
                method = callee.Symbol is { } cs ? cs[(cs.LastIndexOf('.') + 1)..] : null;
                break;
            default:
                // JS dynamic import(...) parses as a call of the `import` keyword.
                callee = fnNode.Type == "import" ? Global("import", fnNode, scope, Use.Callee) : Eval(fnNode, scope, depth + 1, Use.Callee);
                break;
        }

        if (receiver is not null) Consume(receiver, receiverNode);
        // Pooled: the list is read by what the call does here and copied into its fact, never kept.
        var args = _pools.ArgLists.Rent();
        Dictionary<string, Arg>? named = null;
        CollectArguments(node.Field(_p.FArguments), scope, depth, args, ref named);

        // f.call(self, ...args), f.apply(self, [args]), f.bind(self): a call of f itself.
        var bind = false;
        if (!_p.IsPython && method is "call" or "apply" or "bind" && receiver is not null && (receiver.Symbol is not null || receiver.Function is not null))
        {
            callee = receiver;
            bind = method == "bind";
            if (method == "call" && args.Count > 0) args.RemoveAt(0);
            if (method == "apply")
            {
                var list = args.Count > 1 ? args[1] : default;
                args.Clear();
                if (list.Value?.Items is { } items) foreach (var item in items) args.Add(new Arg(item, list.Node));
                else if (list.Value is not null) args.Add(list);
            }
            receiver = null;
            receiverNode = default;
            method = null;
        }

        var user = callee.Function;
        string name;
        CatalogEntry? entry = null;
        if (user is not null)
        {
            name = user.DisplayName;
        }
        else if (callee.Symbol is not null)
        {
            name = callee.Symbol;
            entry = _catalog.Lookup(name);
        }
        else
        {
            name = CalleeText(fnNode, method);
        }
        // Methods on objects of unknown type that are distinctive enough on their own (sock.sendall, client.exec_command).
        if (entry is null && user is null && method is not null) entry = _catalog.Lookup("?." + method);
        // A method the catalog does not know, called on a source container, reads it: process.argv.slice(2).
        if (entry is null && receiver?.Symbol is not null && !receiverNode.IsNull && !receiver.IsTainted)
        {
            receiver = ApplyPropertySource(receiver, receiverNode, null, false, Use.Value);
        }

        Value result;
        var inlined = false;
        if (user is not null)
        {
            result = CallUser(user, callee.Tag, args, named, node, depth, out inlined);
        }
        else if (entry is not null && (entry.Decoder is not null || entry.Fold is not null))
        {
            result = CatalogFold(entry, receiver, args, named, node, depth) ?? Value.Unknown;
        }
        else if (method is not null && receiver is not null && _p.StringMethods.TryGetValue(method, out var op))
        {
            result = StringMethod(op, method, receiver, args, named, node, depth) ?? Value.Unknown;
        }
        else
        {
            result = Value.Unknown;
        }

        // Data in → data out: the result carries its inputs' taint (one flow step), plus the API's own source.
        var inputs = ValueFact.NoTaint;
        var tag = 0;
        foreach (var a in args)
        {
            inputs = TaintSet.Union(inputs, a.Value.Taint);
            tag = Math.Max(tag, a.Value.Tag);
        }
        if (named is not null)
        {
            foreach (var a in named.Values)
            {
                inputs = TaintSet.Union(inputs, a.Value.Taint);
                tag = Math.Max(tag, a.Value.Tag);
            }
        }
        if (receiver is not null)
        {
            inputs = TaintSet.Union(inputs, receiver.Taint);
            tag = Math.Max(tag, receiver.Tag);
        }
        // A function passed in as an argument of an inlined call makes what it returns depend on that call.
        tag = Math.Max(tag, callee.Tag);
        var taint = result.Taint;
        if (entry is { Source: { } kind, Property: false })
        {
            // A source returns new data (a response, a file's contents, a variable): not what was passed in.
            var source = MakeSource(kind, name, args, named, receiver, node);
            taint = [source];
            if (source.Kind == "env.read" && IsHomeVariable(source.Detail)) result = Value.String("~");
        }
        else if (!inlined && inputs.Count > 0)
        {
            taint = TaintSet.Union(taint, TaintSet.Through(inputs, _doc, Span(node), $"passed through {name}()"));
        }
        result = entry?.Returns is { } returns
            ? result.Copy(taint: taint, tag: Math.Max(tag, result.Tag), symbol: returns, instance: true)
            : result.Copy(taint: taint, tag: Math.Max(tag, result.Tag));
        if (method is not null && receiver is not null && _p.MutatingMethods.Contains(method))
        {
            Mutate(method, receiver, receiverNode, args, named, node, scope);
        }

        var capabilities = Adjust(name, entry?.Capabilities ?? NoCapabilities, args, named, receiver, result);
        EmitCall(name, capabilities, node, fnNode, args, named, receiver, receiverNode, user is null ? callee.Via : null);
        DeriveFromCall(name, capabilities, args, named);

        // Callbacks receive the call's data: fs.readFile(p, (err, data) => …), fetch(u).then(r => …).
        if (taint.Count > 0)
        {
            foreach (var a in args)
            {
                if (a.Value.Function is { Processed: false } cb) cb.CallbackTaint = TaintSet.Union(cb.CallbackTaint, taint);
            }
        }
        _pools.ArgLists.Return(args);
        return bind ? callee : result;
    }

    /// <summary>
    /// xs.append(v), xs.push(v), d.update(o), buf.write(v): the receiver now holds the arguments' data. Lists and
    /// objects change in place (every reference sees it); other receivers named by a variable are rebound tainted.
    /// </summary>
    private void Mutate(string method, Value receiver, TsNode receiverNode, List<Arg> args, Dictionary<string, Arg>? named, TsNode node, Scope scope)
    {
        if (_frame.Silent || args.Count == 0) return;
        Value.MutationEpoch++;
        if (receiver.Items is { } items && items.Count < MaxItems)
        {
            switch (method)
            {
                case "append" or "push" or "add" or "appendleft":
                    foreach (var a in args) items.Add(a.Value);
                    return;
                case "unshift":
                    for (var i = args.Count - 1; i >= 0; i--) items.Insert(0, args[i].Value);
                    return;
                case "insert" when args.Count >= 2:
                    var at = args[0].Value.Num is { } n ? Math.Clamp((int)n, 0, items.Count) : items.Count;
                    items.Insert(at, args[1].Value);
                    return;
                case "extend":
                    if (args[0].Value.Items is { } more) items.AddRange(more);
                    else items.Add(Value.Tainted(args[0].Value.Taint, args[0].Value.Tag));
                    return;
            }
        }
        if (receiver.Props is { } props)
        {
            if (method is "set" or "setdefault" && args.Count >= 2 && args[0].Value.ConstantText() is { } key)
            {
                if (method == "set" || !props.ContainsKey(key)) props[key] = args[1].Value;
                return;
            }
            if (method == "update")
            {
                if (args[0].Value.Props is { } other) foreach (var (k, v) in other) props[k] = v;
                else props["…"] = Value.Tainted(args[0].Value.Taint, args[0].Value.Tag);
                if (named is not null) foreach (var (k, a) in named) props[k] = a.Value;
                return;
            }
        }
        var added = ValueFact.NoTaint;
        foreach (var a in args) added = TaintSet.Union(added, a.Value.Taint);
        if (added.Count == 0 || _p.Kind(receiverNode) != NodeKind.Identifier) return;
        var name = Text(receiverNode);
        var updated = receiver.Copy(taint: TaintSet.Union(receiver.Taint, TaintSet.Through(added, _doc, Span(node), $"added to {name}")));
        if (scope.TryGet(name, out _)) scope.Assign(name, updated);
    }

    private void CollectArguments(TsNode argsNode, Scope scope, int depth, List<Arg> args, ref Dictionary<string, Arg>? named)
    {
        if (argsNode.IsNull) return;
        var kind = _p.Kind(argsNode);
        if (kind is NodeKind.Template or NodeKind.String or NodeKind.Comprehension)
        {
            // Tagged template (zx $`…`) or a bare generator argument: f(x for x in y).
            var v = Eval(argsNode, scope, depth + 1);
            Consume(v, argsNode);
            args.Add(new Arg(v, argsNode));
            return;
        }
        var children = NamedList(argsNode);
        foreach (var c in children)
        {
            if (c.Type == "comment") continue;
            var ck = _p.Kind(c);
            if (c.Type == "keyword_argument")
            {
                var valueNode = c.Field(_p.FValue);
                var v = Eval(valueNode, scope, depth + 1);
                Consume(v, valueNode);
                (named ??= new Dictionary<string, Arg>(StringComparer.Ordinal))[Text(c.Field(_p.FName))] = new Arg(v, valueNode);
                continue;
            }
            if (ck == NodeKind.Spread)
            {
                var v = Eval(FirstNamed(c), scope, depth + 1);
                if (c.Type == "dictionary_splat")
                {
                    named ??= new Dictionary<string, Arg>(StringComparer.Ordinal);
                    if (v.Props is not null) foreach (var (k, pv) in v.Props) named[k] = new Arg(pv, c);
                    else named["**"] = new Arg(v, c);
                }
                else if (v.Items is not null)
                {
                    foreach (var item in v.Items) args.Add(new Arg(item, c));
                }
                else
                {
                    args.Add(new Arg(v, c));
                }
                continue;
            }
            var value = Eval(c, scope, depth + 1);
            Consume(value, c);
            args.Add(new Arg(value, c));
        }
        Recycle(children);
    }

    /// <summary>Capabilities that depend on the arguments: open(p, 'w') writes, setTimeout('code') evaluates, a call that decoded decodes.</summary>
    private IReadOnlyList<string> Adjust(string name, IReadOnlyList<string> caps, List<Arg> args, Dictionary<string, Arg>? named, Value? receiver, Value result)
    {
        List<string>? changed = null;
        if (_p.OpenModeArguments.TryGetValue(name, out var modeIndex))
        {
            var mode = (modeIndex < args.Count ? args[modeIndex].Value.Str : null) ?? (named?.GetValueOrDefault("mode").Value?.Str)
                ?? (named?.GetValueOrDefault("flags").Value?.Str);
            if (mode is not null && mode.IndexOfAny(['w', 'a', 'x', '+']) >= 0)
            {
                changed = caps.Where(c => c != "fs.read").ToList();
                changed.Add("fs.write");
            }
        }
        if (_p.StringCodeCallees.Contains(name) && args.Count > 0 && args[0].Value.Text is not null && !caps.Contains("code.eval"))
        {
            (changed ??= caps.ToList()).Add("code.eval");
        }
        var input = args.Count > 0 ? args[0].Value : receiver;
        if (result.DecodedBy is not null && result.DecodedBy != input?.DecodedBy && !caps.Contains("crypto.decode"))
        {
            (changed ??= caps.ToList()).Add("crypto.decode");
        }
        return changed ?? caps;
    }

    private TaintSource MakeSource(string kind, string name, List<Arg> args, Dictionary<string, Arg>? named, Value? receiver, TsNode node)
    {
        var detail = name;
        var first = args.Count > 0 ? args[0] : default;
        switch (kind)
        {
            case "env.read":
                if (first.Value is not null) detail = first.Value.Str ?? ShortText(first.Node);
                break;
            case "file.read":
                var path = first.Value?.Text ?? (named?.GetValueOrDefault("file").Value ?? named?.GetValueOrDefault("path").Value)?.Text ?? receiver?.Text;
                if (path is not null)
                {
                    detail = path;
                    kind = SensitiveReadKind(path) ?? kind;
                }
                else if (first.Value is not null)
                {
                    detail = ShortText(first.Node);
                }
                break;
            case "net.fetch":
                var url = first.Value ?? named?.GetValueOrDefault("url").Value;
                if (url?.Props is { } options && (options.GetValueOrDefault("hostname") ?? options.GetValueOrDefault("host"))?.Text is { } host)
                {
                    // http.request({hostname, path}): show it as a URL.
                    detail = host + (options.GetValueOrDefault("path")?.Text ?? "");
                }
                else if (url is not null)
                {
                    detail = url.Text ?? ShortText(first.Node.IsNull ? node : first.Node);
                }
                break;
        }
        return new TaintSource(kind, detail, _doc, Span(node), Array.Empty<FlowStep>());
    }

    /// <summary>The data kind of reading a path: secret.read for ~/.ssh/id_rsa, agent.read for ~/.openclaw/…, browser.read...</summary>
    private string? SensitiveReadKind(string path)
    {
        foreach (var (kind, _) in _paths.MatchAll(path))
        {
            if (Capabilities.IsSourceKind(kind)) return kind;
        }
        return null;
    }

    private static bool IsHomeVariable(string name) => name is "HOME" or "USERPROFILE";

    /// <summary>
    /// A property that is a source when read (process.env, process.env.X, os.environ['X'], sys.argv[1]): adds the
    /// taint and records the read as a fact (Callee = the object, Args[0] = the key) so rules see reads with no sink.
    /// </summary>
    private Value ApplyPropertySource(Value v, TsNode node, string? keyText, bool keyKnown, Use use)
    {
        if (use == Use.Callee) return v;
        var symbol = v.Symbol!;
        var entry = _catalog.Lookup(symbol);
        string objectName;
        string? key;
        bool leaf;
        if (entry is { Property: true, Source: not null })
        {
            leaf = entry.Name.EndsWith(".*", StringComparison.Ordinal);
            if (leaf)
            {
                objectName = entry.Name[..^2];
                if (keyText is null)
                {
                    key = symbol[(entry.Name.Length - 1)..];
                    keyKnown = true;
                }
                else
                {
                    key = keyText;
                }
            }
            else
            {
                objectName = entry.Name;
                key = keyText;
            }
        }
        else if (symbol.EndsWith(".?", StringComparison.Ordinal) && _catalog.Lookup(symbol[..^2]) is { Property: true, Source: not null } parent)
        {
            entry = parent;
            objectName = parent.Name;
            key = keyText;
            leaf = true;
        }
        else
        {
            return v;
        }
        // A container (process.env, os.environ) used as the object of a member access is not read whole:
        // process.env.X reads one variable. A single variable (os.environ['X'].encode()) is read either way.
        if (use == Use.Object && !leaf) return v;
        var source = new TaintSource(entry.Source!, key ?? objectName, _doc, Span(node), Array.Empty<FlowStep>());
        var taint = TaintSet.Union(v.Taint, [source]);
        if (_frame.Tag == 0 && _frame.Emits)
        {
            var keyArgs = key is null ? Array.Empty<ValueFact>() : [new ValueFact(Span(node), ShortText(node), keyKnown ? key : null, [source])];
            _facts.Calls.Add(new CallFact
            {
                Document = _doc,
                Callee = objectName,
                Capabilities = entry.Capabilities,
                Span = Span(node),
                CalleeSpan = Span(node),
                Args = keyArgs,
                ResolvedVia = v.Via,
            });
        }
        return new Value
        {
            // A variable's value is data, not an API; the container keeps its name for member resolution.
            Symbol = leaf ? null : symbol,
            Computed = v.Computed,
            Via = v.Via,
            Tag = v.Tag,
            Taint = taint,
            Str = entry.Source == "env.read" && key is not null && IsHomeVariable(key) ? "~" : null,
        };
    }

    private bool IsPropertySource(string symbol) => _catalog.Lookup(symbol) is { Property: true };

    // ---------------------------------------------------------------- folding through the catalog

    private Value? CatalogFold(CatalogEntry entry, Value? receiver, List<Arg> args, Dictionary<string, Arg>? named, TsNode node, int depth)
    {
        if (entry.Decoder is { } decoder) return Decode(decoder, receiver, args, named, node);
        var first = args.Count > 0 ? args[0].Value : null;
        switch (entry.Fold)
        {
            case "module":
            {
                var module = ModuleName(first?.Str);
                if (module is null) return null;
                AddImport(node, module, null);
                var computed = !first!.IsLiteral;
                return new Value { Symbol = module, Computed = computed, Via = computed ? "computed " + ShortText(node) : null };
            }
            case "getattr":
            {
                if (args.Count < 2 || first is null) return null;
                var key = args[1].Value.Str;
                if (key is null)
                {
                    return first.Symbol is null ? null : new Value { Symbol = first.Symbol + ".?", Computed = true, Via = "computed " + ShortText(node) };
                }
                return Member(first, key, node, Use.Callee, computed: first.Symbol is not null, ShortText(node));
            }
            case "pathjoin":
            {
                var parts = new List<Value>();
                foreach (var a in args)
                {
                    if (parts.Count > 0) parts.Add(Value.String("/"));
                    parts.Add(a.Value);
                }
                var joined = Build(parts, node, "joined into a path");
                var text = joined.Text;
                if (text is null) return joined;
                var collapsed = CollapseSlashes(text);
                return joined.Str is not null
                    ? new Value { Str = collapsed, Taint = joined.Taint, Tag = joined.Tag, Origin = joined.Origin }
                    : new Value { Shape = collapsed, Taint = joined.Taint, Tag = joined.Tag };
            }
            case "home":
                return Value.String("~");
            case "receiver":
                return receiver is null ? null : new Value { Str = receiver.Str, Shape = receiver.Shape, Origin = receiver.Origin, Tag = receiver.Tag };
            case "identity":
            {
                var src = first ?? receiver;
                return src is null ? null : new Value { Str = src.Str, Shape = src.Shape, Taint = src.Taint, Origin = src.Origin, DecodedBy = src.DecodedBy, Tag = src.Tag };
            }
            case "map":
            {
                // Python map(chr, [..]): fold each element through the mapped function's own fold.
                if (args.Count < 2 || first?.Symbol is null || args[1].Value.Items is not { } items || items.Count > 4096) return null;
                var fe = _catalog.Lookup(first.Symbol);
                if (fe is null || fe.Decoder is null && fe.Fold is null) return null;
                var saved = _frame;
                _frame = new Frame(saved.Tag, silent: true, saved.BaseDepth);
                try
                {
                    var mapped = new List<Value>(items.Count);
                    foreach (var item in items) mapped.Add(CatalogFold(fe, null, [new Arg(item, args[1].Node)], null, node, depth) ?? Value.Unknown);
                    return new Value { Items = mapped };
                }
                finally
                {
                    _frame = saved;
                }
            }
        }
        return null;
    }

    private static string CollapseSlashes(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c == '/' && sb.Length > 0 && sb[^1] == '/') continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Applies a catalog decoder: base64/hex/rot13/... to the first argument, `charcode` to numbers, `encoding` by name.</summary>
    private Value? Decode(string decoder, Value? receiver, List<Arg> args, Dictionary<string, Arg>? named, TsNode node)
    {
        if (decoder == "charcode")
        {
            var values = args.Count == 1 && args[0].Value.Items is { } list ? list : args.Select(a => a.Value).ToList();
            var codes = new List<long>(values.Count);
            var taint = ValueFact.NoTaint;
            foreach (var v in values)
            {
                taint = TaintSet.Union(taint, v.Taint);
                if (v.Num is not { } n) return Value.Tainted(taint);
                codes.Add((long)n);
            }
            var text = Decoders.FromCharCodes(codes);
            if (text is null) return null;
            var result = new Value { Str = text, DecodedBy = "charcode", Origin = Span(node), Taint = taint };
            DeriveDecoded(result, Span(node), text.Length >= 16);
            return result;
        }
        var input = args.Count > 0 ? args[0].Value : receiver;
        var inputNode = args.Count > 0 ? args[0].Node : node;
        if (input is null) return null;
        var name = decoder;
        if (decoder == "encoding")
        {
            var encoding = (args.Count > 1 ? args[1].Value.Str : null) ?? named?.GetValueOrDefault("encoding").Value?.Str;
            name = EncodingDecoder(encoding) ?? "";
        }
        if (input.Str is null || name.Length == 0) return Value.Tainted(input.Taint, input.Tag);
        var decoded = name switch
        {
            "identity" => input.Str,
            "unescape" => Literals.JsUnescape(input.Str),
            _ => Decoders.Apply(name, input.Str),
        };
        if (decoded is null || !SpendFold(decoded.Length)) return Value.Tainted(input.Taint, input.Tag);
        var origin = input.Origin ?? Span(inputNode);
        var value = new Value
        {
            Str = decoded,
            DecodedBy = name == "identity" ? input.DecodedBy : Chain(input.DecodedBy, name),
            Origin = origin,
            Taint = input.Taint,
            Tag = input.Tag,
        };
        if (name != "identity") DeriveDecoded(value, origin, true);
        return value;
    }

    /// <summary>The decoder an encoding name means (Buffer.from(x, 'base64'), codecs.decode(x, 'rot13')); identity for text encodings.</summary>
    private static string? EncodingDecoder(string? encoding) => encoding?.ToLowerInvariant().Replace('-', '_') switch
    {
        null or "utf8" or "utf_8" or "ascii" or "latin1" or "latin_1" or "binary" or "utf16le" or "ucs2" or "iso_8859_1" => "identity",
        "base64" or "b64" or "base64_codec" or "base64url" => "base64",
        "hex" or "hex_codec" => "hex",
        "rot13" or "rot_13" => "rot13",
        "base32" => "base32",
        _ => null,
    };

    // ---------------------------------------------------------------- string and list methods

    private Value? StringMethod(StringOp op, string method, Value receiver, List<Arg> args, Dictionary<string, Arg>? named, TsNode node, int depth)
    {
        var s = receiver.Str;
        Value? Arg0() => args.Count > 0 ? args[0].Value : null;
        Value? Arg1() => args.Count > 1 ? args[1].Value : null;
        switch (op)
        {
            case StringOp.JoinReceiverList when receiver.Items is { } items:
                return Join(items, Arg0()?.Str ?? ",", node);
            case StringOp.JoinArgList when s is not null && Arg0()?.Items is { } items:
                return Join(items, s, node);
            case StringOp.Split when s is not null:
            {
                var sep = Arg0()?.Str;
                string[] pieces;
                if (_p.IsPython) pieces = sep is null ? s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : s.Split(sep);
                else if (args.Count == 0) pieces = [s];
                else if (sep is null) return null;
                else pieces = sep.Length == 0 ? s.Select(c => c.ToString()).ToArray() : s.Split(sep);
                if (pieces.Length > MaxItems) return null;
                return new Value { Items = pieces.Select(p => Value.String(p)).ToList(), DecodedBy = receiver.DecodedBy };
            }
            case StringOp.Reverse when receiver.Items is { } items:
            {
                var copy = new List<Value>(items);
                copy.Reverse();
                return new Value { Items = copy };
            }
            case StringOp.Replace when s is not null:
                return Replace(s, method, args, receiver);
            case StringOp.Slice or StringOp.Substr when (s is not null || receiver.Items is not null) && Arg0()?.Num is { } a:
            {
                var length = s?.Length ?? receiver.Items!.Count;
                int start = (int)a, end;
                if (op == StringOp.Substr)
                {
                    if (start < 0) start = Math.Max(0, length + start);
                    end = Arg1()?.Num is { } n ? start + (int)n : length;
                }
                else
                {
                    end = Arg1()?.Num is { } b ? (int)b : length;
                    if (method == "substring")
                    {
                        start = Math.Max(0, start);
                        end = Math.Max(0, end);
                        if (start > end) (start, end) = (end, start);
                    }
                    if (start < 0) start = Math.Max(0, length + start);
                    if (end < 0) end = Math.Max(0, length + end);
                }
                start = Math.Min(start, length);
                end = Math.Clamp(end, start, length);
                return s is not null ? Value.String(s[start..end]) : new Value { Items = receiver.Items!.GetRange(start, end - start) };
            }
            case StringOp.Concat when s is not null:
                return Build([receiver, .. args.Select(x => x.Value)], node, "concatenated into a string");
            case StringOp.Concat when receiver.Items is { } items:
            {
                var all = new List<Value>(items);
                foreach (var x in args)
                {
                    if (x.Value.Items is { } more) all.AddRange(more);
                    else all.Add(x.Value);
                }
                return all.Count <= MaxItems ? new Value { Items = all } : null;
            }
            case StringOp.Lower when s is not null:
                return Value.String(s.ToLowerInvariant());
            case StringOp.Upper when s is not null:
                return Value.String(s.ToUpperInvariant());
            case StringOp.Trim when s is not null:
                return Value.String(Arg0()?.Str is { } chars ? s.Trim(chars.ToCharArray()) : s.Trim());
            case StringOp.Identity:
                return receiver;
            case StringOp.ToStringEncoding:
            {
                if (receiver.Num is { } num && Arg0()?.Num is { } radix && radix is 2 or 8 or 16 && num == Math.Floor(num) && num >= 0)
                {
                    return Value.String(Convert.ToString((long)num, (int)radix));
                }
                return EncodingDecoder(Arg0()?.Str) == "identity" ? receiver : null;
            }
            case StringOp.Decode when s is not null:
            {
                var encoding = Arg0()?.Str ?? named?.GetValueOrDefault("encoding").Value?.Str;
                var decoder = EncodingDecoder(encoding);
                if (decoder == "identity") return new Value { Str = Literals.BytesAsUtf8(s), DecodedBy = receiver.DecodedBy, Origin = receiver.Origin };
                if (decoder is null) return null;
                var decoded = Decoders.Apply(decoder, s);
                if (decoded is null) return null;
                var v = new Value { Str = decoded, DecodedBy = Chain(receiver.DecodedBy, decoder), Origin = receiver.Origin ?? Span(node) };
                DeriveDecoded(v, v.Origin!.Value, true);
                return v;
            }
            case StringOp.Encode when s is not null:
            {
                var encoding = Arg0()?.Str ?? named?.GetValueOrDefault("encoding").Value?.Str;
                var decoder = EncodingDecoder(encoding);
                if (decoder == "identity") return receiver;
                if (decoder == "rot13") return new Value { Str = Decoders.Rot13(s), DecodedBy = Chain(receiver.DecodedBy, "rot13"), Origin = receiver.Origin };
                return null;
            }
            case StringOp.Format when s is not null:
                return Format(s, args, named, node);
            case StringOp.CharAt when s is not null && Arg0()?.Num is { } i:
                return i >= 0 && i < s.Length ? Value.String(s[(int)i].ToString()) : Value.String("");
            case StringOp.Repeat when s is not null && Arg0()?.Num is { } times:
                return Repeat(receiver, times, Arg0()!);
            case StringOp.Map when receiver.Items is { Count: <= 4096 } items && Arg0()?.Function is { } fn:
            {
                // [..].map(c => String.fromCharCode(c)): fold the arrow's expression body per element.
                if (fn.Body.IsNull || _p.Kind(fn.Body) is NodeKind.Container or NodeKind.Other) return null;
                var parameter = FirstParameter(fn);
                if (parameter.IsNull || (long)items.Count * fn.Body.DescendantCount > 200_000) return null;
                return new Value { Items = EachSilently(items, parameter, fn.Body, fn.DefiningScope, depth) };
            }
        }
        return null;
    }

    private TsNode FirstParameter(FunctionDef fn)
    {
        if (fn.Parameters.IsNull) return default;
        if (_p.Kind(fn.Parameters) == NodeKind.Identifier) return fn.Parameters;
        foreach (var p in Named(fn.Parameters))
        {
            var (pattern, _, _, _) = ParameterParts(p);
            if (!pattern.IsNull) return pattern;
        }
        return default;
    }

    private Value Join(List<Value> items, string separator, TsNode node)
    {
        var parts = new List<Value>(items.Count * 2);
        foreach (var item in items)
        {
            if (parts.Count > 0 && separator.Length > 0) parts.Add(Value.String(separator));
            parts.Add(item);
        }
        if (parts.Count == 0) return Value.String("");
        var joined = Build(parts, node, "joined into a string");
        // A reversed list joined back (s.split('').reverse().join('')) keeps what decoded it.
        return joined;
    }

    private Value? Replace(string s, string method, List<Arg> args, Value receiver)
    {
        if (args.Count < 2 || args[1].Value.Str is not { } replacement) return null;
        var patternNode = args[0].Node;
        if (!_p.IsPython && patternNode.Type == "regex")
        {
            var pattern = Text(patternNode.Field("pattern"));
            var flags = Text(patternNode.Field("flags"));
            if (s.Length > 100_000) return null;
            try
            {
                var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (flags.Contains('i') ? RegexOptions.IgnoreCase : 0);
                // NonBacktracking is linear in the input; the timeout is a backstop for a machine under load.
                var regex = new Regex(pattern, options, TimeSpan.FromSeconds(2));
                var replaced = flags.Contains('g') || method == "replaceAll" ? regex.Replace(s, replacement) : regex.Replace(s, replacement, 1);
                return new Value { Str = replaced, DecodedBy = receiver.DecodedBy };
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or RegexMatchTimeoutException)
            {
                return null;
            }
        }
        if (args[0].Value.Str is not { Length: > 0 } find) return null;
        if (!_p.IsPython && method == "replace")
        {
            var at = s.IndexOf(find, StringComparison.Ordinal);
            return Value.String(at < 0 ? s : string.Concat(s.AsSpan(0, at), replacement, s.AsSpan(at + find.Length)));
        }
        var result = s.Replace(find, replacement, StringComparison.Ordinal);
        return result.Length > _context.Limits.MaxDecodedChars ? null : Value.String(result);
    }

    /// <summary>Python "{} {name}".format(...): positional, indexed and named fields; specs make a field unknown.</summary>
    private Value Format(string template, List<Arg> args, Dictionary<string, Arg>? named, TsNode node)
    {
        var parts = new List<Value>();
        var literal = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }
            if (c != '{')
            {
                literal.Append(c);
                continue;
            }
            var close = template.IndexOf('}', i);
            if (close < 0) return Value.Unknown;
            var field = template[(i + 1)..close];
            parts.Add(Value.String(literal.ToString()));
            literal.Clear();
            var plain = field.IndexOfAny([':', '!', '.', '[']) < 0;
            Value v;
            if (field.Length == 0) v = next < args.Count ? args[next++].Value : Value.Unknown;
            else if (int.TryParse(field, out var index)) v = index < args.Count ? args[index].Value : Value.Unknown;
            else v = named is not null && named.TryGetValue(plain ? field : field.Split(':', '!', '.', '[')[0], out var na) ? na.Value : Value.Unknown;
            parts.Add(plain ? v : Value.Tainted(v.Taint, v.Tag));
            i = close;
        }
        parts.Add(Value.String(literal.ToString()));
        return Build(parts, node, "formatted into a string");
    }

    // ---------------------------------------------------------------- user functions

    private Value CallUser(FunctionDef def, int calleeTag, List<Arg> args, Dictionary<string, Arg>? named, TsNode node, int depth, out bool inlined)
    {
        inlined = false;
        if (depth > MaxEvalDepth / 2) return def.Summary;
        if (!def.Processed && _onDemandDepth < MaxOnDemandDepth)
        {
            // Analyse the helper now, with the bindings visible at its first call.
            _onDemandDepth++;
            try
            {
                Drive(Work.Function(def), new Frame(0, false, depth + 1));
            }
            finally
            {
                _onDemandDepth--;
            }
        }
        if (!Interesting(args, named) || !CanInline(def)) return def.Summary.Tag == 0 ? def.Summary : def.Summary.Copy(tag: 0);
        inlined = true;
        _inlineStack.Add(def);
        var tag = _inlineStack.Count;
        var scope = new Scope(def.DefiningScope, def) { Returns = new List<Value>() };
        try
        {
            BindParameters(def, scope, args, named, tag, node);
            Drive(Work.Body(def, scope), new Frame(tag, _frame.Silent, depth + 1));
        }
        finally
        {
            _inlineStack.RemoveAt(_inlineStack.Count - 1);
        }
        var result = Summarize(scope.Returns!);
        var callerTag = calleeTag;
        foreach (var a in args) callerTag = Math.Max(callerTag, a.Value.Tag);
        var taint = result.IsTainted ? TaintSet.Through(result.Taint, _doc, Span(node), $"returned by {def.DisplayName}()") : result.Taint;
        return result.Copy(taint: taint, tag: callerTag);
    }

    private static bool Interesting(List<Arg> args, Dictionary<string, Arg>? named)
    {
        foreach (var a in args)
        {
            if (a.Value.IsTainted || a.Value.HasKnownParts || a.Value.Shape is not null) return true;
        }
        if (named is not null)
        {
            foreach (var a in named.Values)
            {
                if (a.Value.IsTainted || a.Value.HasKnownParts || a.Value.Shape is not null) return true;
            }
        }
        return false;
    }

    private bool CanInline(FunctionDef def) =>
        _inlineStack.Count < MaxInlineDepth && !_inlineStack.Contains(def) && !def.Body.IsNull
        && def.Body.DescendantCount <= MaxInlineBodyNodes && _inlineTicks < _inlineBudget;

    /// <summary>
    /// Binds parameters: with unknown values (plus callback data) when analysing the function on its own, or with
    /// the call's arguments (tagged so the inlined body reports the calls they feed) when inlining.
    /// </summary>
    private void BindParameters(FunctionDef def, Scope scope, List<Arg>? args, Dictionary<string, Arg>? named, int tag, TsNode call)
    {
        if (def.Instance is { } instance && !_p.IsPython) scope.Set("this", instance);
        var ps = def.Parameters;
        if (ps.IsNull) return;
        var list = new List<TsNode>();
        if (_p.Kind(ps) == NodeKind.Identifier) list.Add(ps);
        else foreach (var c in Named(ps)) list.Add(c);
        var index = 0;
        var first = true;
        foreach (var p in list)
        {
            var (pattern, dflt, rest, kwrest) = ParameterParts(p);
            if (pattern.IsNull) continue;
            if (first && _p.IsPython && def.Instance is { } self)
            {
                first = false;
                Bind(pattern, self, scope, 0);
                continue;
            }
            first = false;
            var name = _p.Kind(pattern) == NodeKind.Identifier ? Text(pattern) : null;
            Value v;
            if (args is null)
            {
                v = dflt.IsNull ? Value.Unknown : Eval(dflt, def.DefiningScope, _frame.BaseDepth);
                if (def.CallbackTaint.Count > 0)
                {
                    v = Value.Tainted(TaintSet.Through(def.CallbackTaint, _doc, Span(p), $"passed to callback parameter {name ?? ShortText(pattern)}"));
                }
            }
            else
            {
                if (kwrest) v = Value.Unknown;
                else if (rest) v = new Value { Items = index < args.Count ? args.GetRange(index, args.Count - index).Select(a => a.Value).ToList() : [] };
                else if (name is not null && named is not null && named.TryGetValue(name, out var na)) v = na.Value;
                else if (index < args.Count) v = args[index].Value;
                else v = dflt.IsNull ? Value.Unknown : Eval(dflt, def.DefiningScope, _frame.BaseDepth);
                var taint = TaintSet.Through(v.Taint, _doc, Span(call), $"passed to {def.DisplayName}() as {name ?? ShortText(pattern)}");
                v = v.Copy(taint: taint, tag: tag);
            }
            if (!kwrest) index++;
            if (name is not null) scope.Set(name, v);
            else Bind(pattern, v, scope, 0);
        }
    }

    /// <summary>The binding target, default value and rest-ness of one parameter node (JS, TS or Python).</summary>
    private (TsNode Pattern, TsNode Default, bool IsRest, bool IsKeywordRest) ParameterParts(TsNode p)
    {
        switch (p.Type)
        {
            case "identifier":
            case "object_pattern":
            case "array_pattern":
            case "tuple_pattern":
                return (p, default, false, false);
            case "assignment_pattern":
                return (p.Field(_p.FLeft), p.Field(_p.FRight), false, false);
            case "required_parameter":
            case "optional_parameter":
            {
                var pattern = p.Field(_p.FPattern);
                if (pattern.Type == "rest_pattern") return (FirstNamed(pattern), default, true, false);
                return pattern.Type == "this" ? (default, default, false, false) : (pattern, p.Field(_p.FValue), false, false);
            }
            case "rest_pattern":
            case "list_splat_pattern":
                return (FirstNamed(p), default, true, false);
            case "dictionary_splat_pattern":
                return (FirstNamed(p), default, false, true);
            case "default_parameter":
            case "typed_default_parameter":
                return (p.Field(_p.FName), p.Field(_p.FValue), false, false);
            case "typed_parameter":
                var inner = FirstNamed(p);
                return inner.Type is "list_splat_pattern" or "dictionary_splat_pattern" ? ParameterParts(inner) : (inner, default, false, false);
            default:
                return (default, default, false, false);
        }
    }

    // ---------------------------------------------------------------- facts

    private void EmitCall(string name, IReadOnlyList<string> caps, TsNode node, TsNode fnNode, List<Arg> args, Dictionary<string, Arg>? named,
        Value? receiver, TsNode receiverNode, string? via)
    {
        if (!_frame.Emits) return;
        if (_frame.Tag > 0 && (caps.Count == 0 || !FedByFrame(args, named, receiver))) return;
        var argFacts = new ValueFact[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            // JS option objects are flattened into Named below, which then carries their data, each under its key.
            argFacts[i] = !_p.IsPython && a.Value.Props is { Count: > 0 } ? Fact(a.Value, a.Node, withTaint: false) : Fact(a.Value, a.Node);
        }
        Dictionary<string, ValueFact>? namedFacts = null;
        void AddNamed(string key, Value v, TsNode at)
        {
            namedFacts ??= new Dictionary<string, ValueFact>(StringComparer.Ordinal);
            if (namedFacts.ContainsKey(key)) return;
            namedFacts[key] = Fact(v, at);
            // One level of nesting: headers={"Authorization": …} → Named["headers.Authorization"].
            if (v.Props is { } nested && !key.Contains('.'))
            {
                foreach (var (k, nv) in nested) AddNamed(key + "." + k, nv, v.PropNodes?.GetValueOrDefault(k) is { IsNull: false } n ? n : at);
            }
        }
        if (named is not null)
        {
            foreach (var (k, a) in named) AddNamed(k, a.Value, a.Node);
        }
        if (!_p.IsPython)
        {
            // Option objects: fetch(u, {method: 'POST', body: x}) → Named["method"], Named["body"].
            foreach (var a in args)
            {
                if (a.Value.Props is { } props)
                {
                    foreach (var (k, v) in props) AddNamed(k, v, a.Value.PropNodes?.GetValueOrDefault(k) is { IsNull: false } n ? n : a.Node);
                }
            }
        }
        ValueFact? receiverFact = null;
        if (receiver is not null && !receiverNode.IsNull && (receiver.Symbol is null || receiver.IsTainted || receiver.Text is not null))
        {
            receiverFact = Fact(receiver, receiverNode);
        }
        _facts.Calls.Add(new CallFact
        {
            Document = _doc,
            Callee = name,
            Capabilities = caps,
            Span = Span(node),
            CalleeSpan = fnNode.IsNull ? Span(node) : Span(fnNode),
            Args = argFacts,
            Named = namedFacts ?? CallFact.EmptyNamed,
            Receiver = receiverFact,
            ResolvedVia = via,
        });
    }

    private bool FedByFrame(List<Arg> args, Dictionary<string, Arg>? named, Value? receiver)
    {
        var tag = _frame.Tag;
        static bool Carries(Value v) => v.IsTainted || v.Text is not null || v.Num is not null || v.Items is not null;
        foreach (var a in args)
        {
            if (a.Value.Tag == tag && Carries(a.Value)) return true;
        }
        if (named is not null)
        {
            foreach (var a in named.Values)
            {
                if (a.Value.Tag == tag && Carries(a.Value)) return true;
            }
        }
        return receiver is not null && receiver.Tag == tag && Carries(receiver);
    }

    private ValueFact Fact(Value v, TsNode node, bool withTaint = true)
    {
        var span = Span(node);
        var text = _text.Substring(span.Start, Math.Min(span.Length, 512));
        var constant = v.ConstantText();
        return new ValueFact(span, text, constant, withTaint ? v.Taint : ValueFact.NoTaint)
        {
            DecodedBy = v.DecodedBy,
            Shape = constant is null ? v.Shape : null,
        };
    }

    /// <summary>Records a folded (not literal) string that is used: passed, assigned, returned, stored.</summary>
    private void Consume(Value v, TsNode node)
    {
        if (!_frame.Emits || v.IsLiteral) return;
        if (_frame.Tag > 0 && v.Tag != _frame.Tag) return;
        var text = v.Text;
        if (text is null || text.Length < 4 || !SpendFold(text.Length)) return;
        AddString(Span(node), text, v.DecodedBy);
    }

    private void AddLiteralString(TextSpan span, string value)
    {
        if (_frame.Tag == 0 && _frame.Emits && value.Length >= 4) AddString(span, value, null);
    }

    private void AddString(TextSpan span, string value, string? decodedBy)
    {
        if (_stringSpans.Add((span.Start, span.End))) _facts.Strings.Add(new StringFact(_doc, span, value, decodedBy));
    }

    private string CalleeText(TsNode fnNode, string? method)
    {
        if (fnNode.IsNull) return "?";
        var t = ShortText(fnNode);
        if (t.Length <= 60 && !t.Contains('…')) return t.Replace(" ", "", StringComparison.Ordinal);
        return method is null ? "?" : "?." + method;
    }

    // ---------------------------------------------------------------- derived documents

    /// <summary>Decoded text that looks like code is parsed again as its own document, pointing at the encoded literal.</summary>
    private void DeriveDecoded(Value decoded, TextSpan origin, bool sniff)
    {
        if (!sniff || !_frame.Emits || (_frame.Tag > 0 && decoded.Tag != _frame.Tag) || decoded.Str is not { } text) return;
        if (PayloadSniffer.Guess(text) is not { } language || !HasFrontEnd(language)) return;
        AddDerived(text, language, origin, DocumentOrigin.Decoded, $"{decoded.DecodedBy}-decoded string");
    }

    /// <summary>
    /// Code handed to an interpreter is analysed as code: eval/exec strings in this language, shell command lines
    /// (os.system, exec, subprocess/spawn argument lists) as bash.
    /// </summary>
    private void DeriveFromCall(string name, IReadOnlyList<string> caps, List<Arg> args, Dictionary<string, Arg>? named)
    {
        if (!_frame.Emits || args.Count == 0 || caps.Count == 0) return;
        if (_frame.Tag > 0 && !FedByFrame(args, named, null)) return;
        if (caps.Contains("code.eval"))
        {
            var code = name is "Function" or "AsyncFunction" ? args[^1] : args[0];
            if (code.Value.Str is { Length: >= 4 } source)
            {
                var language = _p.IsPython ? Language.Python : Language.JavaScript;
                var description = code.Value.DecodedBy is { } by ? $"{by}-decoded code run by {name}()" : $"code run by {name}()";
                AddDerived(source, language, code.Value.Origin ?? Span(code.Node), DocumentOrigin.Decoded, description);
            }
            return;
        }
        var shell = named?.GetValueOrDefault("shell").Value?.Bool == true;
        if (caps.Contains("proc.shell") || shell)
        {
            var command = args[0].Value.Items is { } parts ? ShellJoin(parts) : args[0].Value.Text;
            if (command is { Length: >= 2 }) AddDerived(command, Language.Bash, Span(args[0].Node), DocumentOrigin.Embedded, $"command line run by {name}()");
            return;
        }
        if (caps.Contains("proc.exec"))
        {
            var first = args[0].Value;
            List<Value>? words = null;
            if (first.Items is { Count: > 0 } items) words = items;
            else if (first.Str is not null)
            {
                words = [first];
                if (args.Count > 1 && args[1].Value.Items is { } rest) words.AddRange(rest);
            }
            if (words is null || words[0].Str is null) return;
            AddDerived(ShellJoin(words), Language.Bash, Span(args[0].Node), DocumentOrigin.Embedded, $"command run by {name}()");
        }
    }

    /// <summary>An argument list as a shell command line (unknown words as "…").</summary>
    private static string ShellJoin(List<Value> words)
    {
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            if (sb.Length > 0) sb.Append(' ');
            var t = w.ConstantText() ?? w.Shape ?? "…";
            if (t.Length > 0 && t.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or '+' or ',' or '~' or '…' or '%'))
            {
                sb.Append(t);
            }
            else
            {
                sb.Append('\'').Append(t.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
            }
        }
        return sb.ToString();
    }

    private static bool HasFrontEnd(Language language) =>
        language is Language.JavaScript or Language.TypeScript or Language.Tsx or Language.Python or Language.Bash;

    private void AddDerived(string text, Language language, TextSpan span, DocumentOrigin origin, string description)
    {
        if (text.Length > _context.Limits.MaxDecodedChars || _derived.Count >= MaxDerivedPerDocument) return;
        if (!_derived.Add((span.Start, span.End, text.GetHashCode()))) return;
        _context.AddDerived(SourceDocument.FromParentSpan(_doc, text, language, span, origin, description));
    }

    /// <summary>Python 2 `exec "code"`.</summary>
    private void ExecStatement(TsNode node, Scope scope)
    {
        var codeNode = node.Field(_p.FCode);
        var code = Eval(codeNode, scope, _frame.BaseDepth);
        var entry = _catalog.Lookup("exec");
        var args = new List<Arg> { new(code, codeNode) };
        var caps = entry?.Capabilities ?? NoCapabilities;
        EmitCall("exec", caps, node, default, args, null, null, default, null);
        DeriveFromCall("exec", caps, args, null);
    }
}

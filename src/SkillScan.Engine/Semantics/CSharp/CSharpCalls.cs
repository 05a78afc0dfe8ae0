using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SkillScan.Model;
using SkillScan.Semantics.Shell;

namespace SkillScan.Semantics.CSharp;

/// <summary>Calls and object creations: callee resolution, folding, sources, derived documents and facts.</summary>
internal sealed partial class CSharpAnalyzer
{
    /// <summary>Result types of members, so fluent chains resolve (`WebRequest.Create(u).GetResponse()`).</summary>
    private static readonly Dictionary<string, string> ReturnTypes = new(StringComparer.Ordinal)
    {
        ["System.Diagnostics.Process.Start"] = "System.Diagnostics.Process",
        ["System.Diagnostics.Process.StartInfo"] = "System.Diagnostics.ProcessStartInfo",
        ["System.Diagnostics.Process.StandardInput"] = "System.IO.StreamWriter",
        ["System.Diagnostics.Process.StandardOutput"] = "System.IO.StreamReader",
        ["System.Net.WebRequest.Create"] = "System.Net.WebRequest",
        ["System.Net.WebRequest.CreateHttp"] = "System.Net.HttpWebRequest",
        ["System.Net.HttpWebRequest.Create"] = "System.Net.WebRequest",
        ["System.Net.HttpWebRequest.CreateHttp"] = "System.Net.HttpWebRequest",
        ["System.Net.WebRequest.GetResponse"] = "System.Net.WebResponse",
        ["System.Net.HttpWebRequest.GetResponse"] = "System.Net.WebResponse",
        ["System.Net.WebRequest.GetResponseAsync"] = "System.Net.WebResponse",
        ["System.Net.WebResponse.GetResponseStream"] = "System.IO.Stream",
        ["System.Net.Http.HttpClient.GetAsync"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpClient.PostAsync"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpClient.PutAsync"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpClient.PatchAsync"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpClient.SendAsync"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpClient.Send"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpClient.DeleteAsync"] = "System.Net.Http.HttpResponseMessage",
        ["System.Net.Http.HttpResponseMessage.Content"] = "System.Net.Http.HttpContent",
        ["System.Net.Http.HttpRequestMessage.Content"] = "System.Net.Http.HttpContent",
        ["System.Net.Sockets.TcpClient.GetStream"] = "System.Net.Sockets.NetworkStream",
        ["System.Net.Sockets.TcpListener.AcceptTcpClient"] = "System.Net.Sockets.TcpClient",
        ["System.Net.Sockets.Socket.Accept"] = "System.Net.Sockets.Socket",
        ["System.Reflection.Assembly.Load"] = "System.Reflection.Assembly",
        ["System.Reflection.Assembly.LoadFrom"] = "System.Reflection.Assembly",
        ["System.Reflection.Assembly.LoadFile"] = "System.Reflection.Assembly",
        ["System.Reflection.Assembly.GetType"] = "System.Type",
        ["System.Type.GetType"] = "System.Type",
        ["System.Type.GetMethod"] = "System.Reflection.MethodInfo",
        ["System.IO.File.OpenText"] = "System.IO.StreamReader",
        ["System.IO.File.OpenRead"] = "System.IO.Stream",
        ["System.Text.Encoding.GetString"] = "System.String",
        ["System.Convert.ToBase64String"] = "System.String",
        ["System.IO.File.ReadAllText"] = "System.String",
        ["System.Environment.GetEnvironmentVariable"] = "System.String",
    };

    private static readonly HashSet<string> Shells = new(StringComparer.OrdinalIgnoreCase)
    {
        "bash", "sh", "zsh", "dash", "ksh", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh", "pwsh.exe",
    };

    private static string? ReturnType(string member) => ReturnTypes.GetValueOrDefault(member);

    /// <summary>Everything known about one call being evaluated.</summary>
    private sealed class Call
    {
        public required string Callee { get; set; }
        public required SyntaxNode Node { get; init; }
        public required TextSpan CalleeSpan { get; init; }
        public required List<CsValue> Args { get; init; }
        public Dictionary<string, CsValue> Named { get; } = new(StringComparer.Ordinal);
        public CsValue? Receiver { get; init; }
        public CatalogEntry? Entry { get; set; }
        public List<string> Caps { get; } = new();
        public string? Via { get; set; }
        public string Member { get; init; } = "";

        public CsValue? Arg(int i) => i < Args.Count ? Args[i] : null;

        public void AddCap(string cap)
        {
            if (!Caps.Contains(cap)) Caps.Add(cap);
        }
    }

    private CsValue? Invoke(InvocationExpressionSyntax node)
    {
        var span = Span(node);
        string? name = null;
        CsValue? receiver = null;
        var calleeSpan = Span(node.Expression);
        switch (node.Expression)
        {
            case MemberAccessExpressionSyntax ma:
                name = ma.Name.Identifier.ValueText;
                receiver = Value(ma)?.Receiver;
                calleeSpan = Span(ma.Name.Identifier);
                break;
            case MemberBindingExpressionSyntax mb:
                name = mb.Name.Identifier.ValueText;
                receiver = Value(mb)?.Receiver;
                calleeSpan = Span(mb.Name.Identifier);
                break;
            case IdentifierNameSyntax id:
                name = id.Identifier.ValueText;
                break;
            case GenericNameSyntax g:
                name = g.Identifier.ValueText;
                break;
        }
        var (args, named) = Arguments(node.ArgumentList);
        if (name == "nameof" && receiver is null && args.Count == 1)
        {
            var target = CsValue.Slice(_doc, args[0].Span);
            return new CsValue(span, Text.Of(target[(target.LastIndexOf('.') + 1)..])) { Type = "System.String" };
        }

        // Resolve the callee.
        string callee;
        string? via = null;
        SyntaxNode? inFileMethod = null;
        CsValue? instance = null;
        if (name is null)
        {
            callee = CsValue.Slice(_doc, calleeSpan);
            via = "dynamic call";
        }
        else if (receiver?.TypeName is { } type)
        {
            callee = type + "." + name;
            via = receiver.Via;
            if (_names.IsInFileType(type)) inFileMethod = FindMethod(name, args.Count);
        }
        else if (receiver?.NamespacePrefix is { } prefix)
        {
            callee = prefix + "." + name;
        }
        else if (receiver is not null)
        {
            instance = receiver;
            if (receiver.Type is { } rt)
            {
                callee = rt + "." + name;
                if (_names.IsInFileType(rt)) inFileMethod = FindMethod(name, args.Count);
            }
            else
            {
                callee = (receiver.Span.Length > 0 ? Shorten(CsValue.Slice(_doc, receiver.Span)) : "?") + "." + name;
            }
        }
        else if (FindMethod(name, args.Count) is { } local)
        {
            callee = name;
            inFileMethod = local;
        }
        else if (_names.ResolveStaticMember(name, _catalog) is { } staticType)
        {
            callee = staticType + "." + name;
            via = "using static " + staticType;
        }
        else
        {
            callee = name;
        }

        var call = new Call
        {
            Callee = callee,
            Node = node,
            CalleeSpan = calleeSpan,
            Args = args,
            Receiver = instance,
            Via = via,
            Member = name ?? "",
        };
        foreach (var (k, v) in named) call.Named[k] = v;
        call.Entry = _catalog.Lookup(callee);
        if (call.Entry is not null) call.Caps.AddRange(call.Entry.Capabilities);
        EnrichFileArguments(call);

        var result = Semantics(call);
        if (inFileMethod is not null)
        {
            result = Inline(inFileMethod, args, instance) ?? result;
        }
        Emit(call);

        // `method.Invoke(null, new object[] { … })` on a method found by reflection is a call of that method.
        if (name == "Invoke" && receiver?.ReflectedMember is { } reflected)
        {
            var reflectedArgs = call.Arg(1)?.Items?.ToList() ?? new List<CsValue>();
            var reflectedCall = new Call
            {
                Callee = reflected,
                Node = node,
                CalleeSpan = calleeSpan,
                Args = reflectedArgs,
                Via = "computed access through reflection (" + (receiver.Via ?? "GetMethod") + ")",
                Member = reflected[(reflected.LastIndexOf('.') + 1)..],
            };
            reflectedCall.Entry = _catalog.Lookup(reflected);
            if (reflectedCall.Entry is not null) reflectedCall.Caps.AddRange(reflectedCall.Entry.Capabilities);
            result = Semantics(reflectedCall) ?? result;
            Emit(reflectedCall);
        }
        return result;
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 80 ? flat[..80] : flat;
    }

    private (List<CsValue> Args, List<(string, CsValue)> Named) Arguments(BaseArgumentListSyntax? list)
    {
        var value = Value(list);
        var args = value?.Items as List<CsValue> ?? new List<CsValue>();
        var named = value?.Properties is { } props ? props.Select(kv => (kv.Key, kv.Value)).ToList() : NoNamed;
        return (args, named);
    }

    private static readonly List<(string, CsValue)> NoNamed = new();

    private SyntaxNode? FindMethod(string name, int argCount)
    {
        if (!_methods.TryGetValue(name, out var candidates)) return null;
        foreach (var c in candidates)
        {
            var count = c switch
            {
                BaseMethodDeclarationSyntax m => m.ParameterList.Parameters.Count,
                LocalFunctionStatementSyntax l => l.ParameterList.Parameters.Count,
                _ => -1,
            };
            if (count == argCount) return c;
        }
        return candidates[0];
    }

    /// <summary>A call of a method of this file: evaluate its body with these arguments (bounded, no recursion).</summary>
    private CsValue? Inline(SyntaxNode method, List<CsValue> args, CsValue? receiver)
    {
        if (_inlineStack.Count > MaxInlineDepth || _inlineStack.Contains(method)) return null;
        // Inlining only helps when the arguments bring something the body cannot see on its own: taint or text.
        var bringsTaint = args.Any(a => a.IsTainted);
        if (!bringsTaint && !args.Any(a => a.Constant is not null && a.Type == "System.String")) return null;
        var runs = _runs.GetValueOrDefault(method);
        var signature = new StringBuilder().Append(method.SpanStart);
        foreach (var a in args)
        {
            signature.Append('\0').Append(a.Constant ?? "?");
            foreach (var t in a.Taint) signature.Append('|').Append(t.Kind).Append(':').Append(t.Detail);
        }
        if (runs >= MaxRunsPerMethod || (runs > 0 && !bringsTaint) || !_signatures.Add(signature.ToString())) return null;
        _runs[method] = runs + 1;
        return EvaluateUnit(method, args, receiver);
    }

    private CsValue Create(BaseObjectCreationExpressionSyntax node)
    {
        var span = Span(node);
        string? type;
        string? via = null;
        if (node is ObjectCreationExpressionSyntax explicitNew)
        {
            var text = CsValue.Slice(_doc, Span(explicitNew.Type));
            type = ResolveType(text, out via) ?? (_names.IsInFileType(text) ? text : null);
            type ??= CSharpNames.StripGlobal(text);
        }
        else
        {
            type = ImplicitCreationType(node) ?? "new()";
        }
        var (args, named) = Arguments(node.ArgumentList);
        var init = Value(node.Initializer);
        var call = new Call
        {
            Callee = type,
            Node = node,
            CalleeSpan = node is ObjectCreationExpressionSyntax o ? Span(o.Type) : Span(node.NewKeyword),
            Args = args,
            Via = via,
            Member = ".ctor",
        };
        foreach (var (k, v) in named) call.Named[k] = v;
        if (init?.Properties is { } props)
        {
            foreach (var (k, v) in props) call.Named[k] = v;
        }
        call.Entry = _catalog.Lookup("new " + type);
        if (call.Entry is not null) call.Caps.AddRange(call.Entry.Capabilities);
        EnrichFileArguments(call);

        var taint = ValueFact.NoTaint;
        foreach (var a in args) taint = Taints.Union(taint, a.Taint);
        if (init is not null) taint = Taints.Union(taint, init.Taint);
        var value = new CsValue(span, null, taint)
        {
            Type = type,
            Properties = init?.Properties ?? new Dictionary<string, CsValue>(StringComparer.Ordinal),
            Items = init?.Items is { } items ? new List<CsValue>(items) : new List<CsValue>(),
        };
        value = ConstructorSemantics(call, value);
        Emit(call);
        return value;
    }

    /// <summary>`HttpClient c = new();`, `_http = new()`: the type comes from the declaration or the assignment target.</summary>
    private string? ImplicitCreationType(SyntaxNode node)
    {
        var parent = node.Parent;
        if (parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax decl } }) return ResolveTypeText(decl.Type.ToString());
        if (parent is EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax prop }) return ResolveTypeText(prop.Type.ToString());
        if (parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target }) return (_locals.GetValueOrDefault(target.Identifier.ValueText) ?? _fields.GetValueOrDefault(target.Identifier.ValueText))?.Type;
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // What calls do to values
    // ------------------------------------------------------------------------------------------------------------

    private CsValue? Semantics(Call call)
    {
        var span = Span(call.Node);
        var receiver = call.Receiver;
        switch (call.Callee)
        {
            case "System.String.Concat":
                return Concat(span, Spread(call.Args));
            case "System.String.Join":
            {
                if (call.Args.Count < 1) return null;
                var separator = AsText(call.Args[0]);
                var parts = Spread(call.Args.Skip(1).ToList());
                var joined = new List<CsValue>();
                for (var i = 0; i < parts.Count; i++)
                {
                    if (i > 0) joined.Add(new CsValue(span, separator));
                    joined.Add(parts[i]);
                }
                return Concat(span, joined);
            }
            case "System.String.Format":
                return Format(span, call.Args);
            case "System.Convert.FromBase64String" or "System.Convert.FromHexString":
                return DecodeBytes(call, span);
            case "System.Text.Encoding.GetString":
                return EncodingGetString(call, span);
            case "System.Text.Encoding.GetBytes":
            {
                var s = call.Arg(0);
                if (s is null) return null;
                return new CsValue(span, s.TextValue, s.Taint) { Bytes = s.Constant is { } c ? Encode(receiver?.Tag, c) : null, Origin = s.Origin, DecodedBy = s.DecodedBy };
            }
            case "System.Convert.ToBase64String":
            {
                var b = call.Arg(0);
                if (b is null) return null;
                var bytes = b.Bytes ?? (b.Constant is { } bc ? Encoding.UTF8.GetBytes(bc) : null);
                return new CsValue(span, bytes is null ? null : Text.Of(Convert.ToBase64String(bytes)), Taints.Through(b.Taint, _doc, span, "base64-encoded")) { Type = "System.String" };
            }
            case "System.Convert.ToChar":
                return call.Arg(0)?.Number is { } charCode and >= 0 and <= 0xFFFF ? new CsValue(span, Text.Of(((char)charCode).ToString())) { Number = charCode, Type = "System.Char" } : null;
            case "System.IO.Path.Combine":
                return PathCombine(span, call.Args);
            case "System.Environment.GetFolderPath":
                return new CsValue(span, FolderPath(call.Arg(0)?.Tag) is { } folder ? Text.Of(folder) : null) { Type = "System.String" };
            case "System.Environment.GetEnvironmentVariable":
                return EnvironmentVariable(call, span);
            case "System.Environment.GetEnvironmentVariables":
                return new CsValue(span, null, Taints.One("env.dump", "Environment.GetEnvironmentVariables()", _doc, span));
            case "System.Type.GetType" or "System.Reflection.Assembly.GetType":
                return new CsValue(span, null, call.Arg(0)?.Taint) { Type = "System.Type", Tag = call.Arg(0)?.Constant, Via = call.Arg(0)?.Via };
            case "System.Type.GetMethod" when receiver?.Tag is { } reflectedType && call.Arg(0)?.Constant is { } method:
            {
                var built = new[] { receiver.Via, call.Arg(0)!.Via }.Where(v => v is not null).Distinct().ToList();
                return new CsValue(span)
                {
                    Type = "System.Reflection.MethodInfo",
                    ReflectedMember = (_names.ResolveType(reflectedType) ?? reflectedType) + "." + method,
                    Via = "GetMethod(\"" + method + "\")" + (built.Count > 0 ? ", name from " + string.Join(", ", built) : ""),
                };
            }
            case "System.Diagnostics.Process.Start":
                ProcessStart(call);
                return new CsValue(span) { Type = "System.Diagnostics.Process" };
            case "Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.EvaluateAsync" or "Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.RunAsync"
                or "Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.Create":
                if (call.Arg(0) is { } code) Derive(code, Language.CSharp, "C# script string");
                return null;
            case "System.Net.WebClient.DownloadFile" or "System.Net.WebClient.DownloadFileTaskAsync" or "System.Net.WebClient.DownloadFileAsync":
                if (call.Arg(1)?.Constant is { } target) _files[NormalizePath(target)] = Download(call, span);
                return null;
            case "System.IO.File.WriteAllText" or "System.IO.File.WriteAllBytes" or "System.IO.File.WriteAllLines" or "System.IO.File.WriteAllTextAsync"
                or "System.IO.File.WriteAllBytesAsync" or "System.IO.File.AppendAllText":
                if (call.Arg(0)?.Constant is { } written && call.Arg(1) is { } content) _files[NormalizePath(written)] = content;
                return null;
            case "System.IO.File.Copy" or "System.IO.File.Move":
                if (call.Arg(0) is { } from && call.Arg(1)?.Constant is { } to) _files[NormalizePath(to)] = ReadFile(from, span);
                return null;
            case "System.Text.Json.JsonSerializer.Serialize" or "Newtonsoft.Json.JsonConvert.SerializeObject":
            {
                var v = call.Arg(0);
                return v is null ? null : new CsValue(span, v.Type == "System.String" ? v.TextValue : null, Taints.Through(v.Taint, _doc, span, "serialised")) { Type = "System.String" };
            }
        }
        if (call.Entry?.Name is { } entryName && IsFileRead(entryName))
        {
            return call.Arg(0) is { } path ? ReadFile(path, span) with { Type = ReturnType(entryName) } : null;
        }
        if (receiver is not null && StringMethod(call, receiver, span) is { } folded) return folded;
        if (call.Entry?.Source is { } source)
        {
            var detail = call.Callee;
            if (source == "net.fetch") return Download(call, span) with { Type = ReturnType(call.Callee) };
            return new CsValue(span, null, Taints.One(source, detail, _doc, span)) { Type = ReturnType(call.Callee) };
        }
        // Anything else passes on what flows into it (string building, helpers, wrappers).
        var taint = receiver?.Taint ?? ValueFact.NoTaint;
        foreach (var a in call.Args) taint = Taints.Union(taint, a.Taint);
        foreach (var a in call.Named.Values) taint = Taints.Union(taint, a.Taint);
        return new CsValue(span, null, taint) { Type = ReturnType(call.Callee) };
    }

    /// <summary>Arguments naming a secret file carry that file's taint when the call reads or sends files.</summary>
    private void EnrichFileArguments(Call call)
    {
        if (!call.Caps.Any(c => c is "fs.read" or "net.send" or "archive.create" or "code.load" or "fs.write")) return;
        for (var i = 0; i < call.Args.Count; i++)
        {
            var a = call.Args[i];
            if (a.Constant is not { Length: >= 3 } path) continue;
            var norm = NormalizePath(path);
            foreach (var (kind, _) in _paths.MatchAll(norm))
            {
                if (!Capabilities.IsSourceKind(kind)) continue;
                call.Args[i] = a with { Taint = Taints.Union(a.Taint, Taints.One(kind, path, _doc, a.Span)) };
                break;
            }
        }
    }

    private static bool IsFileRead(string entryName) =>
        entryName.StartsWith("System.IO.File.Read", StringComparison.Ordinal) || entryName.StartsWith("System.IO.File.Open", StringComparison.Ordinal);

    private CsValue Download(Call call, TextSpan span)
    {
        var url = call.Args.FirstOrDefault(a => a.Constant is { } c && c.Contains("://", StringComparison.Ordinal)) ?? call.Receiver?.Properties?.GetValueOrDefault("BaseAddress") ?? call.Args.FirstOrDefault();
        var detail = url?.Constant ?? (url is null ? call.Callee : CsValue.Slice(_doc, url.Span));
        return new CsValue(span, null, Taints.One("net.fetch", detail, _doc, span));
    }

    /// <summary>Methods of strings (and char sequences) with known receivers.</summary>
    private CsValue? StringMethod(Call call, CsValue receiver, TextSpan span)
    {
        var s = receiver.Constant;
        if (s is not null && !_fold.Spend(s.Length)) s = null; // each method copies the string: bounded per document
        var taint = receiver.Taint;
        foreach (var a in call.Args) taint = Taints.Union(taint, a.Taint);
        string? result = null;
        IReadOnlyList<CsValue>? items = null;
        switch (call.Member)
        {
            case "ToString" when receiver.TextValue is not null || receiver.Number is not null:
                return (receiver with { Span = span, Type = "System.String", TextValue = AsText(receiver) });
            case "Replace" when s is not null && call.Arg(0)?.Constant is { Length: > 0 } from && call.Arg(1)?.Constant is { } to:
                result = s.Replace(from, to, StringComparison.Ordinal);
                break;
            case "Substring" when s is not null && call.Arg(0)?.Number is { } start && start >= 0 && start <= s.Length:
                var length = call.Arg(1)?.Number ?? s.Length - start;
                if (length < 0 || start + length > s.Length) return null;
                result = s.Substring((int)start, (int)length);
                break;
            case "Trim" or "TrimStart" or "TrimEnd" when s is not null && call.Args.Count == 0:
                result = call.Member == "Trim" ? s.Trim() : call.Member == "TrimStart" ? s.TrimStart() : s.TrimEnd();
                break;
            case "ToLower" or "ToLowerInvariant" when s is not null:
                result = s.ToLowerInvariant();
                break;
            case "ToUpper" or "ToUpperInvariant" when s is not null:
                result = s.ToUpperInvariant();
                break;
            case "Reverse" when s is not null:
                items = s.Reverse().Select(c => new CsValue(span, Text.Of(c.ToString())) { Number = c, Type = "System.Char" }).ToList();
                return new CsValue(span, null, taint) { Items = items, Origin = receiver.Origin, Via = "reversed" };
            case "Reverse" when receiver.Items is { } list:
                return new CsValue(span, null, taint) { Items = list.Reverse().ToList(), Origin = receiver.Origin, Via = "reversed" };
            case "ToCharArray" when s is not null:
                return new CsValue(span, null, taint) { Items = s.Select(c => new CsValue(span, Text.Of(c.ToString())) { Number = c, Type = "System.Char" }).ToList(), Origin = receiver.Origin };
            case "ToArray" or "ToList" or "AsEnumerable" when receiver.Items is not null:
                return receiver with { Span = span };
            case "Select" or "Where" or "OrderBy" or "Cast" or "Skip" or "Take" or "Concat" or "First" or "FirstOrDefault" or "Single" or "Aggregate":
                return new CsValue(span, null, taint) { Items = null };
            case "Add" when receiver.Items is List<CsValue> mutable && call.Args.Count >= 1:
                mutable.AddRange(call.Args);
                return null;
            case "ReadToEnd" or "ReadToEndAsync" or "ReadLine" or "ReadAsStringAsync" or "GetString":
                return new CsValue(span, null, taint) { Type = "System.String" };
            default:
                return null;
        }
        if (result is null) return null;
        return new CsValue(span, Text.Of(result), taint) { Type = "System.String", Origin = receiver.Origin, DecodedBy = receiver.DecodedBy };
    }

    private CsValue Concat(TextSpan span, IReadOnlyList<CsValue> parts)
    {
        Text? text = Text.Of("");
        var taint = ValueFact.NoTaint;
        TextSpan? origin = null;
        string? decodedBy = null;
        string? via = null;
        foreach (var p in parts)
        {
            text = Text.Concat(text, AsText(p), _fold);
            taint = Taints.Union(taint, p.Taint);
            if (p.Origin is { } o) origin = origin is { } u ? u.Union(o) : o;
            decodedBy ??= p.DecodedBy;
            via ??= p.Via;
        }
        var value = new CsValue(span, text, taint) { Type = "System.String", Origin = origin, DecodedBy = decodedBy, Via = via };
        if (value.Constant is not null && via is not null) NoteString(value with { Origin = null });
        return value;
    }

    /// <summary>Arguments with a single array argument spread (`string.Concat(chars)`, `string.Join("", parts)`).</summary>
    private static List<CsValue> Spread(List<CsValue> args) =>
        args.Count == 1 && args[0].Items is { } items ? items.ToList() : args;

    private CsValue Format(TextSpan span, List<CsValue> args)
    {
        if (args.Count == 0 || args[0].Constant is not { } format) return new CsValue(span, null, Taints.Union(args.Select(a => a.Taint).Aggregate(ValueFact.NoTaint, Taints.Union), ValueFact.NoTaint));
        var operands = Spread(args.Skip(1).ToList());
        var parts = new List<CsValue>();
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                sb.Append('}');
                i++;
                continue;
            }
            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0) break;
                var spec = format[(i + 1)..close];
                var end = spec.IndexOfAny([',', ':']);
                if (int.TryParse(end < 0 ? spec : spec[..end], out var index) && index >= 0 && index < operands.Count)
                {
                    parts.Add(new CsValue(span, Text.Of(sb.ToString())));
                    sb.Clear();
                    parts.Add(operands[index]);
                }
                i = close;
                continue;
            }
            sb.Append(c);
        }
        parts.Add(new CsValue(span, Text.Of(sb.ToString())));
        return Concat(span, parts) with { Origin = args[0].Origin };
    }

    private CsValue? DecodeBytes(Call call, TextSpan span)
    {
        var input = call.Arg(0);
        if (input is null) return null;
        var decoder = call.Entry?.Decoder ?? "base64";
        byte[]? bytes = null;
        if (input.Constant is { } text)
        {
            bytes = decoder == "hex" ? HexBytes(text) : Base64Bytes(text);
        }
        var decodedText = bytes is null ? null : Decoders.AsText(bytes);
        var value = new CsValue(span, decodedText is null ? null : Text.Of(decodedText), Taints.Through(input.Taint, _doc, span, "decoded by " + call.Member))
        {
            Bytes = bytes,
            Origin = input.Origin ?? input.Span,
            DecodedBy = bytes is null ? input.DecodedBy : Chain(input.DecodedBy, decoder),
        };
        if (decodedText is not null)
        {
            AddStringFact(value.OriginOrSpan, decodedText, value.DecodedBy);
            SniffDecoded(value);
        }
        return value;
    }

    private CsValue? EncodingGetString(Call call, TextSpan span)
    {
        var input = call.Arg(0);
        if (input is null) return null;
        string? text = null;
        if (input.Bytes is { } bytes)
        {
            try
            {
                text = call.Receiver?.Tag switch
                {
                    "Unicode" => Encoding.Unicode.GetString(bytes),
                    "BigEndianUnicode" => Encoding.BigEndianUnicode.GetString(bytes),
                    "UTF32" => Encoding.UTF32.GetString(bytes),
                    _ => Decoders.AsText(bytes),
                };
            }
            catch (ArgumentException)
            {
                text = null;
            }
        }
        else if (input.Items is { } items && items.All(i => i.Number is >= 0 and <= 255))
        {
            text = Decoders.AsText(items.Select(i => (byte)i.Number!.Value).ToArray());
        }
        var value = new CsValue(span, text is null ? input.TextValue : Text.Of(text), input.Taint)
        {
            Type = "System.String",
            Origin = input.Origin,
            DecodedBy = input.DecodedBy ?? (input.Items is not null && text is not null ? "charcode" : null),
        };
        if (text is not null && value.DecodedBy is not null) SniffDecoded(value);
        return value;
    }

    private static byte[]? Encode(string? encoding, string text) => encoding switch
    {
        "Unicode" => Encoding.Unicode.GetBytes(text),
        "BigEndianUnicode" => Encoding.BigEndianUnicode.GetBytes(text),
        "UTF32" => Encoding.UTF32.GetBytes(text),
        _ => Encoding.UTF8.GetBytes(text),
    };

    private static byte[]? Base64Bytes(string text)
    {
        var s = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('-', '+').Replace('_', '/');
        if (s.Length % 4 == 1) return null;
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var buffer = new byte[s.Length * 3 / 4];
        return Convert.TryFromBase64String(s, buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[]? HexBytes(string text)
    {
        try
        {
            return Convert.FromHexString(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Chain(string? before, string decoder) => before is null ? decoder : before + "+" + decoder;

    private CsValue PathCombine(TextSpan span, List<CsValue> parts)
    {
        Text? text = null;
        var taint = ValueFact.NoTaint;
        foreach (var p in parts)
        {
            taint = Taints.Union(taint, p.Taint);
            var piece = p.Constant;
            if (piece is null)
            {
                text = null;
                break;
            }
            if (text is null || piece.StartsWith('/') || piece.StartsWith('~')) text = Text.Of(piece);
            else if (text.Value is not { } sofar) break;
            else text = Text.Concat(text, Text.Of((sofar.EndsWith('/') ? "" : "/") + piece), _fold);
        }
        if (parts.Count == 0 || parts.Any(p => p.Constant is null)) text = null;
        return new CsValue(span, text, taint) { Type = "System.String" };
    }

    /// <summary>Environment.GetFolderPath(SpecialFolder.X) spelled the way paths.yaml spells home-relative paths.</summary>
    private static string? FolderPath(string? folder) => folder switch
    {
        "UserProfile" => "~",
        "Personal" or "MyDocuments" => "~/Documents",
        "Desktop" or "DesktopDirectory" => "~/Desktop",
        "ApplicationData" => "~/AppData/Roaming",
        "LocalApplicationData" => "~/AppData/Local",
        "Startup" => "~/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup",
        "CommonStartup" => "C:/ProgramData/Microsoft/Windows/Start Menu/Programs/Startup",
        _ => null,
    };

    private CsValue EnvironmentVariable(Call call, TextSpan span)
    {
        var name = call.Arg(0)?.Constant;
        var taint = Taints.One("env.read", name ?? "(computed name)", _doc, span);
        var known = name switch
        {
            "HOME" or "USERPROFILE" => "~",
            "APPDATA" => "~/AppData/Roaming",
            "LOCALAPPDATA" => "~/AppData/Local",
            "TMPDIR" or "TEMP" or "TMP" => "/tmp",
            _ => null,
        };
        if (name is "USER" or "USERNAME" or "LOGNAME" or "COMPUTERNAME" or "HOSTNAME") taint = Taints.One("host.info", name, _doc, span);
        if (known is not null) taint = ValueFact.NoTaint;
        return new CsValue(span, known is null ? null : Text.Of(known), taint) { Type = "System.String" };
    }

    private static string NormalizePath(string path) => ShellText.NormalizePath(path.Replace('\\', '/'));

    /// <summary>Contents of a file a call reads: what an earlier call wrote there, else its path class.</summary>
    private CsValue ReadFile(CsValue path, TextSpan span)
    {
        if (path.Constant is not { } p)
        {
            return new CsValue(span, null, Taints.Union(path.Taint, Taints.One("file.read", CsValue.Slice(_doc, path.Span), _doc, path.Span)));
        }
        if (_files.TryGetValue(NormalizePath(p), out var written)) return written with { Span = span, Taint = Taints.Through(written.Taint, _doc, path.Span, "read back from " + p) };
        string kind = "file.read";
        foreach (var (k, _) in _paths.MatchAll(NormalizePath(p)))
        {
            if (Capabilities.IsSourceKind(k))
            {
                kind = k;
                break;
            }
        }
        return new CsValue(span, null, Taints.Union(path.Taint, Taints.One(kind, p, _doc, path.Span)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Constructors and processes
    // ------------------------------------------------------------------------------------------------------------

    private CsValue ConstructorSemantics(Call call, CsValue value)
    {
        var span = value.Span;
        switch (call.Callee)
        {
            case "System.String":
            {
                // new string(new[] { 'c', 'u' }), new string(chars.Reverse().ToArray()), new string('x', 3)
                if (call.Arg(0)?.Items is { } chars)
                {
                    var text = chars.All(c => AsText(c) is not null) ? Text.Of(string.Concat(chars.Select(c => AsText(c)!.Value))) : null;
                    var result = new CsValue(span, text, value.Taint) { Type = "System.String", Origin = call.Arg(0)!.Origin, Via = "new string(char[])" };
                    NoteString(result);
                    return result;
                }
                if (call.Arg(0)?.Constant is { Length: 1 } ch && call.Arg(1)?.Number is { } count and >= 0 and < 4096)
                {
                    return new CsValue(span, Text.Of(new string(ch[0], (int)count)), value.Taint) { Type = "System.String" };
                }
                return value with { Type = "System.String" };
            }
            case "System.Uri" or "System.Text.StringBuilder":
                return value with { TextValue = call.Arg(0)?.TextValue, Origin = call.Arg(0)?.Origin };
            case "System.IO.StreamReader" or "System.IO.StreamWriter" or "System.IO.FileStream":
                if (call.Arg(0) is { } target && target.Type is { } targetType && targetType != "System.String")
                {
                    // A reader or writer over a stream (a socket, a response): no file is opened.
                    call.Caps.RemoveAll(c => c is "fs.read" or "fs.write");
                    return value with { Taint = Taints.Union(value.Taint, target.Taint) };
                }
                if (call.Callee != "System.IO.StreamWriter" && call.Arg(0) is { Constant: not null } path)
                {
                    return value with { Taint = ReadFile(path, span).Taint };
                }
                return value;
            case "System.Diagnostics.ProcessStartInfo":
                if (call.Arg(0) is { } file) value.Properties!.TryAdd("FileName", file);
                if (call.Arg(1) is { } arguments) value.Properties!.TryAdd("Arguments", arguments);
                return value;
            case "System.Net.Http.HttpRequestMessage":
                if (call.Arg(0)?.Tag is { } method) value.Properties!["Method"] = call.Arg(0)!;
                if (call.Arg(1) is { } uri) value.Properties!["RequestUri"] = uri;
                return value;
        }
        if (call.Entry?.Source is { } source)
        {
            return value with { Taint = Taints.Union(value.Taint, Taints.One(source, call.Callee, _doc, span)) };
        }
        return value;
    }

    /// <summary>
    /// Process.Start(file, args), Process.Start(psi), process.Start(): the program and its arguments become Named
    /// (FileName, Arguments); a shell adds proc.shell and its `-c` script is analysed as a document.
    /// </summary>
    private void ProcessStart(Call call)
    {
        CsValue? fileName = null, arguments = null;
        Dictionary<string, CsValue>? info = null;
        if (call.Receiver?.Properties is { } processProps)
        {
            info = processProps.GetValueOrDefault("StartInfo")?.Properties;
        }
        else if (call.Arg(0)?.Properties is { } psi)
        {
            info = psi;
        }
        else
        {
            fileName = call.Arg(0);
            arguments = call.Arg(1);
        }
        if (info is not null)
        {
            fileName = info.GetValueOrDefault("FileName");
            arguments = info.GetValueOrDefault("Arguments");
            if (arguments is null && info.GetValueOrDefault("ArgumentList")?.Items is { Count: > 0 } list)
            {
                var parts = new List<CsValue>();
                foreach (var item in list)
                {
                    if (parts.Count > 0) parts.Add(new CsValue(item.Span, Text.Of(" ")));
                    parts.Add(item);
                }
                arguments = Concat(list[0].Span, parts);
                if (list.Count >= 2 && list[0].Constant is "-c" or "/c") arguments = arguments with { Tag = "list" };
                call.Named["ArgumentList"] = arguments;
            }
            foreach (var key in new[] { "RedirectStandardInput", "RedirectStandardOutput", "UseShellExecute", "CreateNoWindow" })
            {
                if (info.GetValueOrDefault(key) is { } flag) call.Named[key] = flag;
            }
        }
        if (fileName is not null) call.Named["FileName"] = fileName;
        if (arguments is not null) call.Named["Arguments"] = arguments;
        var program = fileName?.Constant is { } f ? ShellText.BaseName(f.Replace('\\', '/')) : null;
        if (program is null || !Shells.Contains(program)) return;
        call.AddCap("proc.shell");
        if (arguments is null || program.StartsWith("cmd", StringComparison.OrdinalIgnoreCase) || program.StartsWith("pow", StringComparison.OrdinalIgnoreCase) || program.StartsWith("pwsh", StringComparison.OrdinalIgnoreCase)) return;
        if (ScriptOfDashC(arguments) is { } script) Derive(script, Language.Bash, program + " -c string");
    }

    /// <summary>"-c \"curl x | sh\"" (or an ArgumentList "-c", "curl x | sh") → the script.</summary>
    private static CsValue? ScriptOfDashC(CsValue arguments)
    {
        if (arguments.Constant is not { } text) return null;
        var t = text.TrimStart();
        if (!t.StartsWith("-c ", StringComparison.Ordinal) && !t.StartsWith("-lc ", StringComparison.Ordinal) && !t.StartsWith("-ic ", StringComparison.Ordinal)) return null;
        var script = t[(t.IndexOf(' ') + 1)..].Trim();
        if (arguments.Tag != "list" && script.Length >= 2 && (script[0] == '"' && script[^1] == '"' || script[0] == '\'' && script[^1] == '\''))
        {
            var quote = script[0];
            script = script[1..^1];
            if (quote == '"') script = script.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }
        return arguments with { TextValue = Text.Of(script) };
    }

    // ------------------------------------------------------------------------------------------------------------
    // Facts and derived documents
    // ------------------------------------------------------------------------------------------------------------

    private void Emit(Call call)
    {
        IReadOnlyDictionary<string, ValueFact> named = CallFact.EmptyNamed;
        if (call.Named.Count > 0) named = call.Named.ToDictionary(kv => kv.Key, kv => kv.Value.ToFact(_doc), StringComparer.Ordinal);
        _facts.Calls.Add(new CallFact
        {
            Document = _doc,
            Callee = call.Callee,
            Capabilities = call.Caps,
            Span = Span(call.Node),
            CalleeSpan = call.CalleeSpan,
            Args = call.Args.Select(a => a.ToFact(_doc)).ToList(),
            Named = named,
            Receiver = call.Receiver?.ToFact(_doc),
            ResolvedVia = call.Via,
        });
    }

    private void SniffDecoded(CsValue value)
    {
        if (value.Constant is not { } text || value.DecodedBy is null) return;
        if (PayloadSniffer.Guess(text) is { } language && language.IsCode()) Derive(value, language, value.DecodedBy + "-decoded string");
    }

    private void Derive(CsValue code, Language language, string description)
    {
        if (code.Constant is not { } text || string.IsNullOrWhiteSpace(text) || text.Length > _context.Limits.MaxDecodedChars) return;
        var origin = code.OriginOrSpan;
        // A decoded payload is analysed once however many routes reach it; literal code once per place.
        var key = code.DecodedBy is null ? (origin.Start, origin.End, language, text.GetHashCode(StringComparison.Ordinal)) : (-1, -1, language, text.GetHashCode(StringComparison.Ordinal));
        if (!_derivedKeys.Add(key)) return;
        SourceDocument derived;
        if (origin.Length == text.Length && origin.End <= _doc.Text.Length && string.CompareOrdinal(_doc.Text, origin.Start, text, 0, text.Length) == 0)
        {
            var lines = new LineMap(text);
            var starts = new int[lines.LineCount];
            for (var i = 0; i < starts.Length; i++) starts[i] = origin.Start + lines.LineStart(i + 1);
            derived = SourceDocument.FromParentLines(_doc, text, language, starts, DocumentOrigin.Embedded, description);
        }
        else
        {
            derived = SourceDocument.FromParentSpan(_doc, text, language, origin, code.DecodedBy is null ? DocumentOrigin.Embedded : DocumentOrigin.Decoded, description);
        }
        _context.AddDerived(derived);
    }
}

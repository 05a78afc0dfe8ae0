using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SkillScan.Semantics.CSharp;

/// <summary>
/// Syntactic name resolution: `using` namespaces (plus the SDK's implicit usings), `using static`, aliases and
/// fully qualified names, against the types the catalog (and a few receivers) make known. No compilation.
/// </summary>
internal sealed class CSharpNames
{
    /// <summary>The namespaces `ImplicitUsings` brings into every SDK project and every .csx script.</summary>
    private static readonly string[] ImplicitNamespaces =
        ["System", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "System.Collections.Generic"];

    /// <summary>Types that matter as receivers or arguments though the catalog lists none of their members.</summary>
    private static readonly string[] ExtraTypes =
    [
        "System.String", "System.Object", "System.Char", "System.Int32", "System.Byte", "System.Text.Encoding", "System.Convert",
        "System.Environment", "System.Environment.SpecialFolder", "System.IO.Path", "System.Net.Http.HttpResponseMessage",
        "System.Net.Http.HttpMethod", "System.Net.WebResponse", "System.Net.HttpWebResponse", "System.IO.Stream", "System.Net.Sockets.NetworkStream",
        "System.Type", "System.Reflection.MethodInfo", "System.Reflection.Assembly", "System.Activator", "System.Text.StringBuilder", "System.Uri",
        "System.Array", "System.Linq.Enumerable", "System.Collections.Generic.List", "System.Collections.Generic.Dictionary",
        "System.Collections.Generic.KeyValuePair", "System.IO.StreamWriter", "System.IO.StreamReader", "System.IO.MemoryStream",
        "System.Text.Json.JsonSerializer", "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo", "System.Console",
        "System.Runtime.InteropServices.RuntimeInformation", "System.Runtime.InteropServices.OSPlatform",
    ];

    private static readonly ConditionalWeakTable<CapabilityCatalog, HashSet<string>> KnownTypesByCatalog = new();

    private readonly HashSet<string> _known;
    private readonly List<string> _namespaces = new(ImplicitNamespaces);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly List<string> _staticTypes = new();
    private readonly HashSet<string> _inFileTypes;

    public CSharpNames(CapabilityCatalog catalog, IEnumerable<UsingDirectiveSyntax> usings, HashSet<string> inFileTypes)
    {
        _known = KnownTypesByCatalog.GetValue(catalog, BuildKnownTypes);
        _inFileTypes = inFileTypes;
        foreach (var u in usings)
        {
            if (u.NamespaceOrType is not { } target) continue;
            var name = StripGlobal(target.ToString());
            if (u.Alias is { } alias)
            {
                _aliases[alias.Name.Identifier.ValueText] = ResolveType(name) ?? name;
            }
            else if (u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
            {
                _staticTypes.Add(ResolveType(name) ?? name);
            }
            else if (!_namespaces.Contains(name))
            {
                _namespaces.Add(name);
            }
        }
    }

    public IReadOnlyList<string> StaticTypes => _staticTypes;

    public bool IsKnownType(string name) => _known.Contains(name);

    public bool IsInFileType(string name) => _inFileTypes.Contains(name);

    /// <summary>The fully qualified type a (possibly partial or aliased) name denotes, or null.</summary>
    public string? ResolveType(string text) => ResolveType(text, out _);

    private readonly Dictionary<string, (string? Type, string? Via)> _cache = new(StringComparer.Ordinal);

    public string? ResolveType(string text, out string? via)
    {
        if (_cache.TryGetValue(text, out var cached))
        {
            via = cached.Via;
            return cached.Type;
        }
        var type = Resolve(text, out via);
        if (_cache.Count < 10_000) _cache[text] = (type, via);
        return type;
    }

    private string? Resolve(string text, out string? via)
    {
        via = null;
        var name = StripGlobal(text);
        var generic = name.IndexOf('<');
        if (generic >= 0) name = name[..generic];
        if (Predefined(name) is { } predefined) return predefined;
        var dot = name.IndexOf('.');
        var head = dot < 0 ? name : name[..dot];
        if (_aliases.TryGetValue(head, out var aliased))
        {
            via = "alias " + head;
            return dot < 0 ? aliased : aliased + name[dot..];
        }
        if (_known.Contains(name)) return name;
        foreach (var ns in _namespaces)
        {
            var candidate = ns + "." + name;
            if (_known.Contains(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>`Start(...)` with `using static System.Diagnostics.Process;`: the type whose member it is.</summary>
    public string? ResolveStaticMember(string member, CapabilityCatalog catalog)
    {
        foreach (var type in _staticTypes)
        {
            if (catalog.Lookup(type + "." + member) is not null) return type;
        }
        return null;
    }

    public static string StripGlobal(string name) =>
        name.StartsWith("global::", StringComparison.Ordinal) ? name[8..] : name;

    public static string? Predefined(string name) => name switch
    {
        "string" or "String" => "System.String",
        "object" => "System.Object",
        "char" => "System.Char",
        "int" => "System.Int32",
        "long" => "System.Int64",
        "byte" => "System.Byte",
        "bool" => "System.Boolean",
        _ => null,
    };

    private static HashSet<string> BuildKnownTypes(CapabilityCatalog catalog)
    {
        var known = new HashSet<string>(ExtraTypes, StringComparer.Ordinal);
        foreach (var entry in catalog.Entries)
        {
            // "new A.B.Type" (a constructor) and "A.B.Type.Member" both make A.B.Type known; `A.B.Type.*` too.
            if (entry.Name.StartsWith("new ", StringComparison.Ordinal))
            {
                known.Add(entry.Name[4..]);
                continue;
            }
            var name = entry.Name.EndsWith(".*", StringComparison.Ordinal) ? entry.Name[..^2] + ".*" : entry.Name;
            var dot = name.LastIndexOf('.');
            if (dot > 0) known.Add(name[..dot]);
        }
        return known;
    }
}

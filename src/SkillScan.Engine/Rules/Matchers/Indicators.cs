using System.Text.RegularExpressions;
using SkillScan.Semantics;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// Threat indicators (rules/catalogs/indicators.yaml): destination host classes, vendor APIs and their credential
/// names, secret-looking environment variable names, decoder calls, and the roles of a network call's inputs.
/// </summary>
public sealed class Indicators
{
    private static readonly Lazy<Indicators> BuiltinValue = new(() =>
        Parse(EmbeddedRules.Read(BuiltinName) ?? throw new InvalidOperationException($"{BuiltinName} is not embedded"), BuiltinName));

    public const string BuiltinName = "rules/catalogs/indicators.yaml";

    /// <summary>Classes computed in code rather than listed in the file.</summary>
    public static readonly IReadOnlyList<string> ComputedClasses =
        ["raw-ip", "private-ip", "local", "unknown", "installer", "allowed", "vendor-api", "http"];

    // Listed hosts and vendor hosts by name: a host's entries are those of its name and of each parent domain
    // (`a.x.ngrok.io` → `x.ngrok.io`, `ngrok.io`, `io`), a few lookups instead of a test against every listed host
    // for every host-like word of a script.
    private readonly Dictionary<string, List<HostEntry>> _hostsByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _vendorHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<string>> _groups = new(StringComparer.Ordinal);
    private readonly List<Vendor> _vendors = new();
    private readonly Dictionary<string, string> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    public static Indicators Builtin => BuiltinValue.Value;

    /// <summary>Every class name a spec may use: listed classes, computed classes and groups.</summary>
    public IReadOnlyCollection<string> ClassNames =>
        _labels.Keys.Concat(ComputedClasses).Concat(_groups.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<ShortTextRegex> SecretEnvNames { get; private set; } = [];

    public IReadOnlyList<ShortTextRegex> SecretEnvExceptions { get; private set; } = [];

    public IReadOnlyList<TextPattern> DecoderCalls { get; private set; } = [];

    public IReadOnlySet<string> CopyCommands { get; private set; } = new HashSet<string>();

    internal IReadOnlyList<Vendor> Vendors => _vendors;

    /// <summary>A human label for a class ("tunnel endpoint").</summary>
    public string Label(string cls) => _labels.TryGetValue(cls, out var l) ? l : cls switch
    {
        "raw-ip" => "raw IP address",
        "private-ip" => "private IP address",
        "vendor-api" => "vendor API",
        "unknown" => "non-constant destination",
        _ => cls,
    };

    /// <summary>The classes a name stands for (a group expands to its members, a class to itself).</summary>
    public IEnumerable<string> Expand(string name) => _groups.TryGetValue(name, out var members) ? members : [name];

    public bool IsKnownClass(string name) => _labels.ContainsKey(name) || ComputedClasses.Contains(name) || _groups.ContainsKey(name);

    /// <summary>Whether an environment variable name looks like it holds a secret.</summary>
    public bool IsSecretEnvName(string name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        foreach (var ex in SecretEnvExceptions)
        {
            if (ex.IsMatch(name)) return false;
        }
        foreach (var p in SecretEnvNames)
        {
            if (p.IsMatch(name)) return true;
        }
        return false;
    }

    /// <summary>The role a named argument or flag plays in a network call: url, query, header, body or option (null: unknown).</summary>
    public string? RoleOf(string key) => _roles.TryGetValue(key, out var r) ? r : null;

    /// <summary>Whether the text of an expression shows a run-time decoder (base64 -d, atob(...), b64decode(...)).</summary>
    public bool LooksDecoded(string text)
    {
        foreach (var p in DecoderCalls)
        {
            if (p.IsMatch(text)) return true;
        }
        return false;
    }

    /// <summary>Whether an environment variable name is a credential of the vendor that owns <paramref name="host"/>.</summary>
    public bool IsVendorCredential(string envName, string host)
    {
        foreach (var v in _vendors)
        {
            if (!v.Hosts.Any(h => HostMatches(host, h))) continue;
            if (v.EnvWords.Any(w => envName.Contains(w, StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }

    public bool IsVendorHost(string host)
    {
        var names = _vendorHosts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var suffix in DomainSuffixes(host))
        {
            if (names.Contains(host.AsSpan(suffix))) return true;
        }
        return false;
    }

    /// <summary>The names of every listed host entry and vendor host (for a search of text that may mention one).</summary>
    public IEnumerable<string> HostNames => _hostsByName.Keys.Concat(_vendorHosts);

    /// <summary>Every listed host entry, in file order (for tests).</summary>
    internal IEnumerable<HostEntry> AllHostEntries => _hostsByName.Values.SelectMany(e => e).OrderBy(e => e.Order);

    /// <summary>The listed entries <paramref name="host"/> is or is a sub-domain of (<see cref="HostMatches"/>), in file order.</summary>
    internal List<HostEntry> EntriesFor(string host)
    {
        var found = new List<HostEntry>();
        var byName = _hostsByName.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var suffix in DomainSuffixes(host))
        {
            if (byName.TryGetValue(host.AsSpan(suffix), out var entries)) found.AddRange(entries);
        }
        if (found.Count > 1) found.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        return found;
    }

    /// <summary>Where the host and each parent domain start: `a.b.io` → 0, 2, 4.</summary>
    private static IEnumerable<int> DomainSuffixes(string host)
    {
        for (var at = 0; at < host.Length;)
        {
            yield return at;
            var dot = host.IndexOf('.', at);
            if (dot < 0) yield break;
            at = dot + 1;
        }
    }

    /// <summary>`host` is `pattern` or a sub-domain of it.</summary>
    public static bool HostMatches(string host, string pattern) =>
        host.Equals(pattern, StringComparison.OrdinalIgnoreCase) ||
        (host.Length > pattern.Length && host.EndsWith(pattern, StringComparison.OrdinalIgnoreCase) && host[host.Length - pattern.Length - 1] == '.');

    public static Indicators Parse(string text, string file)
    {
        var y = new YamlData(file);
        var root = y.LoadRoot(text);
        y.AllowOnly(root, "hosts", "groups", "vendors", "secret-env", "decoder-calls", "input-roles", "copy-commands");
        var result = new Indicators();
        var order = 0;
        foreach (var item in y.Sequence(root, "hosts")?.Children ?? [])
        {
            if (item is not YamlMappingNode m) throw y.Error(item, "each host class must be a mapping");
            y.AllowOnly(m, "class", "label", "hosts");
            var cls = y.RequiredString(m, "class");
            if (ComputedClasses.Contains(cls)) throw y.Error(m, $"class '{cls}' is computed in code and cannot be listed");
            result._labels[cls] = y.String(m, "label") ?? cls;
            foreach (var h in y.Strings(m, "hosts"))
            {
                var slash = h.IndexOf('/');
                var entry = new HostEntry(cls, slash < 0 ? h : h[..slash], slash < 0 ? null : h[slash..], order++);
                if (!result._hostsByName.TryGetValue(entry.Host, out var named)) result._hostsByName[entry.Host] = named = [];
                named.Add(entry);
            }
        }
        if (y.Map(root, "groups") is { } groups)
        {
            foreach (var (k, v) in groups.Children)
            {
                var name = ((YamlScalarNode)k).Value!;
                var members = y.StringList(v, name);
                foreach (var member in members)
                {
                    if (!result._labels.ContainsKey(member) && !ComputedClasses.Contains(member))
                    {
                        throw y.Error(v, $"group '{name}' names unknown class '{member}'");
                    }
                }
                result._groups[name] = members;
            }
        }
        foreach (var item in y.Sequence(root, "vendors")?.Children ?? [])
        {
            if (item is not YamlMappingNode m) throw y.Error(item, "each vendor must be a mapping");
            y.AllowOnly(m, "hosts", "env");
            var hosts = y.Strings(m, "hosts");
            var env = y.Strings(m, "env");
            if (hosts.Count == 0 || env.Count == 0) throw y.Error(m, "a vendor needs 'hosts' and 'env'");
            result._vendors.Add(new Vendor(hosts, env));
            result._vendorHosts.UnionWith(hosts);
        }
        if (y.Map(root, "secret-env") is { } secret)
        {
            y.AllowOnly(secret, "names", "except");
            result.SecretEnvNames = y.Strings(secret, "names").Select(p => Compile(y, secret, p)).ToList();
            result.SecretEnvExceptions = y.Strings(secret, "except").Select(p => Compile(y, secret, p)).ToList();
        }
        if (y.Get(root, "decoder-calls") is { } decoders)
        {
            result.DecoderCalls = y.StringList(decoders, "decoder-calls").Select(p => CompileForText(y, decoders, p)).ToList();
        }
        if (y.Map(root, "input-roles") is { } roles)
        {
            foreach (var (k, v) in roles.Children)
            {
                var role = ((YamlScalarNode)k).Value!;
                if (role is not ("url" or "query" or "header" or "body" or "option"))
                {
                    throw y.Error(k, $"unknown input role '{role}'; expected url, query, header, body or option");
                }
                foreach (var key in y.StringList(v, role)) result._roles[key] = role;
            }
        }
        result.CopyCommands = y.Strings(root, "copy-commands").ToHashSet(StringComparer.Ordinal);
        return result;
    }

    private static ShortTextRegex Compile(YamlData y, YamlNode node, string pattern, bool ignoreCase = true)
    {
        try
        {
            return new ShortTextRegex(pattern, ignoreCase);
        }
        catch (ArgumentException ex)
        {
            throw y.Error(node, $"invalid pattern '{pattern}': {ex.Message}");
        }
    }

    /// <summary>Decoder calls are searched in whole expressions, which hostile input makes long: the linear engine.</summary>
    private static TextPattern CompileForText(YamlData y, YamlNode node, string pattern)
    {
        try
        {
            return TextPattern.Create(pattern);
        }
        catch (ArgumentException ex)
        {
            throw y.Error(node, $"invalid pattern '{pattern}': {ex.Message}");
        }
    }

    internal sealed record HostEntry(string Class, string Host, string? PathPrefix, int Order);

    internal sealed record Vendor(IReadOnlyList<string> Hosts, IReadOnlyList<string> EnvWords);
}

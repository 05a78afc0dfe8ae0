using SkillScan.Model;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// package-lock.json / npm-shrinkwrap.json: entries without an `integrity` hash (npm cannot verify the tarball it
/// fetches) and entries fetched over plain HTTP. One finding per lockfile and problem, listing the packages.
/// </summary>
public sealed class PackageLockReader : IManifestReader
{
    private const int NamesShown = 5;

    public bool Accepts(SkillFile file, PinningContext context) => file.FileName is "package-lock.json" or "npm-shrinkwrap.json";

    public void Read(PinningContext context, SkillFile file)
    {
        if (context.Json(file) is not JsonTreeObject root) return;
        var missing = new List<(string Name, TextSpan Span)>();
        var plainHttp = new List<(string Name, TextSpan Span)>();

        void Check(string name, TextSpan span, JsonTreeObject entry)
        {
            if (entry["link"] is JsonTreeScalar { Raw: "true" } || entry["inBundle"] is JsonTreeScalar { Raw: "true" } ||
                entry["bundled"] is JsonTreeScalar { Raw: "true" })
            {
                return;
            }
            var resolved = entry.String("resolved");
            var version = entry.String("version")?.Value ?? "";
            // Git and local entries are pinned by commit or path, not by an integrity hash.
            var source = resolved?.Value ?? version;
            if (source.StartsWith("git", StringComparison.Ordinal) || source.StartsWith("file:", StringComparison.Ordinal) ||
                source.StartsWith("github:", StringComparison.Ordinal) || (resolved is null && version.Length == 0))
            {
                return;
            }
            if (entry.String("integrity") is null) missing.Add((name, span));
            if (resolved?.Value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true) plainHttp.Add((name, resolved.Span));
        }

        // lockfileVersion 2/3
        foreach (var p in root.Object("packages")?.Properties ?? [])
        {
            if (p.Name.Length == 0 || p.Value is not JsonTreeObject entry) continue;
            var at = p.Name.LastIndexOf("node_modules/", StringComparison.Ordinal);
            Check(at < 0 ? p.Name : p.Name[(at + "node_modules/".Length)..], p.NameSpan, entry);
        }
        // lockfileVersion 1 (nested "dependencies"), only when there is no "packages" section.
        if (root.Object("packages") is null)
        {
            var stack = new Stack<JsonTreeObject>();
            if (root.Object("dependencies") is { } top) stack.Push(top);
            while (stack.Count > 0)
            {
                foreach (var p in stack.Pop().Properties)
                {
                    if (p.Value is not JsonTreeObject entry) continue;
                    Check(p.Name, p.NameSpan, entry);
                    if (entry.Object("dependencies") is { } nested) stack.Push(nested);
                }
            }
        }

        var document = context.Document(file);
        if (missing.Count > 0)
        {
            context.Add(new PinIssue
            {
                Rule = PinningRule.LockfileWithoutIntegrity,
                Severity = Severity.Low,
                Document = document,
                Span = missing[0].Span,
                Message = $"{Count(missing.Count, "entry", "entries")} of {file.Path} {(missing.Count == 1 ? "has" : "have")} no integrity hash: {Names(missing)}. " +
                          "npm cannot check that the tarball it downloads is the one that was locked. " +
                          "Regenerate the lockfile against the registry (rm package-lock.json && npm install --package-lock-only) so every entry records its sha512 integrity.",
                Evidence = new Dictionary<string, string> { ["entries"] = string.Join(", ", missing.Select(m => m.Name)) },
            });
        }
        if (plainHttp.Count > 0)
        {
            context.Add(new PinIssue
            {
                Rule = PinningRule.LockfileWithoutIntegrity,
                Severity = Severity.Low,
                Document = document,
                Span = plainHttp[0].Span,
                Message = $"{Count(plainHttp.Count, "entry", "entries")} of {file.Path} {(plainHttp.Count == 1 ? "is" : "are")} fetched over plain http://: {Names(plainHttp)}. " +
                          "Anyone on the network path can substitute the tarball. Resolve them from an https:// registry.",
                Evidence = new Dictionary<string, string> { ["entries"] = string.Join(", ", plainHttp.Select(m => m.Name)) },
            });
        }
    }

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static string Names(List<(string Name, TextSpan Span)> entries) =>
        string.Join(", ", entries.Take(NamesShown).Select(e => e.Name)) + (entries.Count > NamesShown ? $" and {entries.Count - NamesShown} more" : "");
}

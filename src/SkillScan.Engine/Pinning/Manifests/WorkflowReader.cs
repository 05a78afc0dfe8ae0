using SkillScan.Model;
using SkillScan.Pinning.Versions;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// GitHub Actions workflows (.github/workflows/*.yml) and composite actions (action.yml): every `uses:` that is
/// not pinned to a full commit id. Tags can be moved by the action's owner (or whoever takes over the account).
/// </summary>
public sealed class WorkflowReader : IManifestReader
{
    public bool Accepts(SkillFile file, PinningContext context)
    {
        if (file.Language == Language.Binary) return false;
        var yaml = file.FileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.FileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
        return yaml && (file.Path.Contains(".github/workflows/", StringComparison.Ordinal) || file.FileName is "action.yml" or "action.yaml");
    }

    public void Read(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        var yaml = SafeYaml.Load(file.Text, 0);
        if (yaml.Problems.FirstOrDefault(p => p.Kind is "invalid-yaml" or "too-deep" or "too-many-nodes") is { } problem)
        {
            context.Unreadable(file, "the workflow", problem.Message, document.Lines.Position(problem.Span.Start).Line);
        }
        if (yaml.Root is null) return;
        foreach (var (key, value) in YamlTree.Pairs(yaml.Root))
        {
            if (key != "uses" || value is not YamlScalarValue { Value: var uses } scalar) continue;
            var cls = ActionReference.Classify(uses, out var name);
            if (cls is null || cls.Class == PinClass.Exact) continue;
            var docker = uses.StartsWith("docker://", StringComparison.OrdinalIgnoreCase);
            var advice = docker
                ? $"Pin the digest: uses: docker://{name}@sha256:<digest>."
                : $"Pin the full commit id the tag points to, keeping the tag as a comment: uses: {name}@<40-character commit id> # {uses[(uses.LastIndexOf('@') + 1)..]}.";
            context.Add(new PinIssue
            {
                Rule = PinningRule.UnpinnedWorkflowAction,
                Severity = cls.Class == PinClass.Range ? Severity.Low : Severity.Medium,
                Document = document,
                Span = YamlTree.ValueSpan(scalar, document),
                Message = $"Action \"{uses}\" is not pinned to a commit: {cls.Reason}. Declared in {file.Path}. " +
                          $"The workflow runs whatever code the reference points to when it runs, with the workflow's token and secrets. {advice}",
                Package = name,
                Evidence = new Dictionary<string, string> { ["uses"] = uses, ["class"] = cls.Class.ToString().ToLowerInvariant() },
            });
        }
    }
}

/// <summary>Walks YAML read by <see cref="SafeYaml"/> iteratively (shared alias nodes once) and locates scalar values.</summary>
internal static class YamlTree
{
    /// <summary>Every (key, value) pair of every mapping, in document order.</summary>
    public static IEnumerable<(string Key, YamlValue Value)> Pairs(YamlValue root)
    {
        var seen = new HashSet<YamlValue>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<YamlValue>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlMappingValue m:
                    foreach (var pair in m.Pairs) yield return pair;
                    for (var i = m.Entries.Count - 1; i >= 0; i--) stack.Push(m.Entries[i].Value);
                    break;
                case YamlSequenceValue s:
                    for (var i = s.Items.Count - 1; i >= 0; i--) stack.Push(s.Items[i]);
                    break;
            }
        }
    }

    /// <summary>A scalar's span without its quotes.</summary>
    public static TextSpan ValueSpan(YamlScalarValue scalar, SourceDocument document)
    {
        var span = scalar.Span;
        var text = document.Text;
        if (span.End <= text.Length && span.Length >= 2 && text[span.Start] is '"' or '\'' && text[span.End - 1] == text[span.Start])
        {
            return TextSpan.FromBounds(span.Start + 1, span.End - 1);
        }
        return span;
    }
}

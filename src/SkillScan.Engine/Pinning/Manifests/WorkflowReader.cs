using SkillScan.Model;
using SkillScan.Pinning.Versions;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// GitHub Actions workflows (.github/workflows/*.yml) and composite actions (action.yml): every `uses:` that is
/// not pinned to a full commit id. Tags can be moved by the action's owner (or whoever takes over the account).
/// </summary>
public sealed class WorkflowReader : IManifestReader
{
    private const int MaxNodes = 200_000;

    public bool Accepts(SkillFile file, PinningContext context)
    {
        if (file.Language == Language.Binary) return false;
        var yaml = file.FileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.FileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
        return yaml && (file.Path.Contains(".github/workflows/", StringComparison.Ordinal) || file.FileName is "action.yml" or "action.yaml");
    }

    public void Read(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        if (!Syntax.Markdown.SafeYaml.IsShallow(file.Text))
        {
            // YamlStream recurses per nesting level: hostile nesting would overflow the stack.
            context.Unreadable(file, "the workflow", $"it nests deeper than {Syntax.Markdown.SafeYaml.MaxDepth} levels");
            return;
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Text));
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or ArgumentException)
        {
            context.Unreadable(file, "the workflow", ex.Message);
            return;
        }
        foreach (var yamlDocument in stream.Documents)
        {
            foreach (var (key, value) in YamlWalk.Pairs(yamlDocument.RootNode, MaxNodes))
            {
                if (key != "uses" || value is not YamlScalarNode { Value: { } uses }) continue;
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
                    Span = YamlWalk.ScalarSpan(value, document),
                    Message = $"Action \"{uses}\" is not pinned to a commit: {cls.Reason}. Declared in {file.Path}. " +
                              $"The workflow runs whatever code the reference points to when it runs, with the workflow's token and secrets. {advice}",
                    Package = name,
                    Evidence = new Dictionary<string, string> { ["uses"] = uses, ["class"] = cls.Class.ToString().ToLowerInvariant() },
                });
            }
        }
    }
}

/// <summary>Walks YAML iteratively (aliases visited once, node count bounded) and maps scalar positions to text spans.</summary>
internal static class YamlWalk
{
    /// <summary>Every (key, value) pair of every mapping, in document order.</summary>
    public static IEnumerable<(string Key, YamlNode Value)> Pairs(YamlNode root, int maxNodes)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<YamlNode>();
        stack.Push(root);
        while (stack.Count > 0 && seen.Count < maxNodes)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlMappingNode m:
                    foreach (var (k, v) in m.Children)
                    {
                        if (k is YamlScalarNode { Value: { } key }) yield return (key, v);
                    }
                    foreach (var (_, v) in m.Children.Reverse()) stack.Push(v);
                    break;
                case YamlSequenceNode s:
                    for (var i = s.Children.Count - 1; i >= 0; i--) stack.Push(s.Children[i]);
                    break;
            }
        }
    }

    /// <summary>The span of a scalar's value in a document whose text the YAML was read from, at offset <paramref name="baseOffset"/>.</summary>
    public static TextSpan ScalarSpan(YamlNode node, SourceDocument document, int baseOffset = 0)
    {
        var start = baseOffset + (int)node.Start.Index;
        var end = baseOffset + (int)node.End.Index;
        var text = document.Text;
        if (start < text.Length && end <= text.Length && end - start >= 2 && text[start] is '"' or '\'' && text[end - 1] == text[start])
        {
            return TextSpan.FromBounds(start + 1, end - 1);
        }
        return TextSpan.FromBounds(Math.Min(start, text.Length), Math.Min(end, text.Length));
    }
}

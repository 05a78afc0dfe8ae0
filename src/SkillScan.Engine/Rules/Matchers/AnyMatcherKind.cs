using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `any:` — alternatives: a list of matchers of any kind (each a one-key mapping, as under `match:`); the rule
/// fires where any of them does, once per line, at the highest severity found there.
/// <code>
/// any:
///   - command: {name: [crontab], arg: '^-$'}
///   - call: {capability: [fs.write], where: {in: target, path: [persist.cron]}}
/// </code>
/// </summary>
public sealed class AnyMatcherKind : IMatcherKind
{
    public string Key => "any";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var r = new SpecReader(yaml, rule, Key);
        if (spec is not YamlSequenceNode list || list.Children.Count == 0) throw r.Error(spec, "'any' takes a non-empty list of matchers");
        var matchers = new List<IMatcher>();
        foreach (var item in list.Children)
        {
            var m = r.Mapping(item, "each alternative");
            if (m.Children.Count != 1) throw r.Error(m, "each alternative must hold exactly one matcher kind");
            var (kindNode, inner) = m.Children.First();
            var key = ((YamlScalarNode)kindNode).Value ?? "";
            var kind = RulePackLoader.FindKind(key)
                ?? throw r.Error(kindNode, $"unknown matcher kind '{key}'; known kinds: {string.Join(", ", RulePackLoader.MatcherKinds)}");
            matchers.Add(kind.Create(inner, yaml, rule));
        }
        return new AnyMatcher(matchers);
    }
}

public sealed class AnyMatcher(IReadOnlyList<IMatcher> alternatives) : PackMatcher
{
    public IReadOnlyList<IMatcher> Alternatives => alternatives;

    public override void Run(MatchRun run)
    {
        foreach (var m in alternatives)
        {
            if (m is PackMatcher pm) pm.Run(run);
            else m.Analyze(run.Rule, run.Context);
        }
    }
}

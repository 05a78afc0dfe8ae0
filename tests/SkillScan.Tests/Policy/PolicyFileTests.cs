using System.Text.Json;
using SkillScan.Model;
using SkillScan.Policy;
using SkillScan.Rules;
using SkillScan.Util;

namespace SkillScan.Tests.Policy;

public sealed class PolicyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skillscan-policy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PolicyFile Parse(string yaml) => PolicyFile.Parse(yaml, "skillscan.yml", _dir);

    private DataFileException Refused(string yaml) => Assert.Throws<DataFileException>(() => Parse(yaml));

    [Fact]
    public void FullPolicyIsRead()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "policy-rules"));
        var policy = Parse("""
            version: 1
            fail-level: warning
            rules:
              disable:
                - rule: SS1405
                  reason: high-entropy strings are test vectors here
              severity:
                - rule: SS1804
                  severity: low
                  reason: internal services are called by IP
            paths:
              include: [skills/**]
              exclude: ["**/testdata"]
            allow:
              domains: [api.example.com]
              installers: [get.example.com]
              packages: [left-pad]
              skill-sources: ["github:acme/"]
              publishers: [acme]
            rule-packs: [policy-rules]
            """);

        Assert.Equal(FailLevel.Warning, policy.FailLevel);
        Assert.Equal("SS1405", Assert.Single(policy.DisabledRules).RuleId);
        var change = Assert.Single(policy.SeverityOverrides);
        Assert.Equal(("SS1804", Severity.Low, "internal services are called by IP"), (change.RuleId, change.Severity, change.Reason));
        Assert.True(policy.Paths.Allows("skills/a/run.sh"));
        Assert.False(policy.Paths.Allows("skills/a/testdata/x.sh"));
        Assert.False(policy.Paths.Allows("other/run.sh"));
        Assert.Equal([Path.Combine(_dir, "policy-rules")], policy.RulePackFolders);

        var settings = policy.ApplyTo(ScanSettings.Default);
        Assert.Contains("get.example.com", settings.AllowedInstallerDomains);
        Assert.Contains("rustup.rs", settings.AllowedInstallerDomains); // defaults kept
        Assert.Equal(["api.example.com"], settings.AllowedDomains);
        Assert.Equal(["left-pad"], settings.AllowedPackages);
        Assert.Equal(["github:acme/"], settings.TrustedSources);
        Assert.Equal(["acme"], settings.TrustedPublishers);
    }

    [Fact]
    public void FailLevelDecidesWhatFails()
    {
        Assert.True(PolicyFile.Default.Fails(Severity.High));
        Assert.False(PolicyFile.Default.Fails(Severity.Medium));
        Assert.True(Parse("fail-level: warning").Fails(Severity.Medium));
        Assert.False(Parse("fail-level: warning").Fails(Severity.Low));
        Assert.True(Parse("fail-level: note").Fails(Severity.Info));
        Assert.False(Parse("fail-level: none").Fails(Severity.Critical));
    }

    [Fact]
    public void UnknownTopLevelKeyIsAnErrorNamingTheKnownKeys()
    {
        var ex = Refused("fail-level: error\nfail_level: warning\n");
        Assert.Equal((2L, 1L), (ex.Line, ex.Column));
        Assert.Equal("skillscan.yml", ex.File);
        Assert.Contains("unknown key 'fail_level'", ex.Reason);
        Assert.Contains("version, fail-level, rules, paths, allow, rule-packs", ex.Reason);
    }

    [Fact]
    public void UnknownNestedKeyIsAnError()
    {
        var ex = Refused("allow:\n  domains: [a.com]\n  hosts: [b.com]\n");
        Assert.Equal((3L, 3L), (ex.Line, ex.Column));
        Assert.Contains("unknown key 'hosts'; expected one of: domains, installers, packages, skill-sources, publishers", ex.Reason);
    }

    [Fact]
    public void UnknownKeyInsideARuleEntryIsAnError()
    {
        var ex = Refused("rules:\n  disable:\n    - rule: SS1001\n      reason: x\n      until: 2026-01-01\n");
        Assert.Equal(5L, ex.Line);
        Assert.Contains("unknown key 'until'; expected one of: rule, reason", ex.Reason);
    }

    [Fact]
    public void BadFailLevelSaysWhatIsExpected()
    {
        var ex = Refused("fail-level: high\n");
        Assert.Equal((1L, 13L), (ex.Line, ex.Column));
        Assert.Equal("'fail-level' must be one of error, warning, note, none (got 'high')", ex.Reason);
    }

    [Fact]
    public void SeverityOverrideNeedsAReason()
    {
        var ex = Refused("rules:\n  severity:\n    - rule: SS1804\n      severity: low\n");
        Assert.Equal(3L, ex.Line);
        Assert.Equal("rules.severity entry: missing required key 'reason' (why the severity is changed)", ex.Reason);
    }

    [Fact]
    public void EmptyReasonIsRefused()
    {
        var ex = Refused("rules:\n  disable:\n    - rule: SS1804\n      reason: \"  \"\n");
        Assert.Equal((4L, 15L), (ex.Line, ex.Column));
        Assert.Contains("missing required key 'reason' (why the rule is turned off)", ex.Reason);
    }

    [Fact]
    public void BadSeverityValueSaysWhatIsExpected()
    {
        var ex = Refused("rules:\n  severity:\n    - rule: SS1804\n      severity: severe\n      reason: x\n");
        Assert.Equal((4L, 17L), (ex.Line, ex.Column));
        Assert.Equal("rules.severity entry for SS1804: severity must be one of critical, high, medium, low, info (got 'severe')", ex.Reason);
    }

    [Fact]
    public void MissingSeverityIsRefused()
    {
        var ex = Refused("rules:\n  severity:\n    - rule: SS1804\n      reason: x\n");
        Assert.Contains("missing required key 'severity' (critical, high, medium, low or info)", ex.Reason);
    }

    [Fact]
    public void MalformedRuleIdIsRefused()
    {
        var ex = Refused("rules:\n  disable:\n    - rule: eval-rule\n      reason: x\n");
        Assert.Equal((3L, 13L), (ex.Line, ex.Column));
        Assert.Equal("rules.disable entry: 'eval-rule' is not a rule id (expected something like SS1001)", ex.Reason);
    }

    [Fact]
    public void RuleEntryMustBeAMapping()
    {
        var ex = Refused("rules:\n  disable:\n    - SS1001\n");
        Assert.Equal((3L, 7L), (ex.Line, ex.Column));
        Assert.Contains("each 'rules.disable' entry must be a mapping like { rule: SS1234, reason: ... }", ex.Reason);
    }

    [Fact]
    public void SectionOfTheWrongShapeIsRefused()
    {
        Assert.Contains("'rules' must be a mapping", Refused("rules: [SS1001]\n").Reason);
        Assert.Contains("'rules.disable' must be a list", Refused("rules:\n  disable: SS1001\n").Reason);
        Assert.Contains("'domains' must be a list of strings", Refused("allow:\n  domains: a.com\n").Reason);
        Assert.Contains("'rule-packs' must be a list of folders", Refused("rule-packs: rules\n").Reason);
    }

    [Fact]
    public void DuplicateAndContradictoryRuleEntriesAreRefused()
    {
        var twice = Refused("rules:\n  disable:\n    - { rule: SS1001, reason: a }\n    - { rule: SS1001, reason: b }\n");
        Assert.Equal(4L, twice.Line);
        Assert.Contains("rule SS1001 is listed twice", twice.Reason);
        var both = Refused("rules:\n  disable:\n    - { rule: SS1001, reason: a }\n  severity:\n    - { rule: SS1001, severity: low, reason: b }\n");
        Assert.Equal(5L, both.Line);
        Assert.Contains("rule SS1001 is both disabled and given a severity", both.Reason);
    }

    [Fact]
    public void BadPathPatternsAreRefused()
    {
        var ex = Refused("paths:\n  exclude:\n    - ok/**\n    - ../outside\n");
        Assert.Equal((4L, 7L), (ex.Line, ex.Column));
        Assert.Contains("must not contain '..'", ex.Reason);
        Assert.Contains("items must be non-empty strings", Refused("paths:\n  include: [\"\"]\n").Reason);
    }

    [Fact]
    public void MissingRulePackFolderIsRefused()
    {
        var ex = Refused("rule-packs: [nowhere]\n");
        Assert.Equal((1L, 14L), (ex.Line, ex.Column));
        Assert.Contains("rule-pack folder 'nowhere' does not exist", ex.Reason);
    }

    [Fact]
    public void RemainingMessagesNameTheirPosition()
    {
        // The messages no other test covered: an entry without 'rule', a reason that is not text, an empty
        // rule-pack item, a key given twice.
        var noRule = Refused("rules:\n  disable:\n    - reason: x\n");
        Assert.Equal((3L, 7L), (noRule.Line, noRule.Column));
        Assert.Equal("rules.disable entry: missing required key 'rule' (a rule id such as SS1001)", noRule.Reason);
        var listReason = Refused("rules:\n  disable:\n    - rule: SS1001\n      reason: [a, b]\n");
        Assert.Equal((4L, 15L), (listReason.Line, listReason.Column));
        Assert.Equal("rules.disable entry: 'reason' must be text", listReason.Reason);
        var emptyPack = Refused("rule-packs: [\"\"]\n");
        Assert.Equal((1L, 14L), (emptyPack.Line, emptyPack.Column));
        Assert.Equal("'rule-packs' items must be folder paths", emptyPack.Reason);
        var twice = Refused("fail-level: error\nfail-level: warning\n");
        Assert.Equal(2L, twice.Line);
        Assert.Equal("invalid YAML: Duplicate key fail-level", twice.Reason);
    }

    [Fact]
    public void WrongVersionIsRefused()
    {
        Assert.Equal("'version' must be 1 (the only policy format so far)", Refused("version: 2\n").Reason);
    }

    [Fact]
    public void InvalidYamlAndEmptyFilesAreRefused()
    {
        var yaml = Refused("rules:\n  disable: [\n");
        Assert.StartsWith("invalid YAML", yaml.Reason);
        Assert.Contains("the file is empty", Refused("# nothing\n").Reason);
        Assert.Contains("expected a mapping at the top level", Refused("- a\n- b\n").Reason);
        Assert.Contains("anchors", Refused("a: &x [1]\nb: *x\n").Reason);
    }

    [Fact]
    public void UnknownRuleIdsAreRefusedOnceTheRulesAreKnown()
    {
        var policy = Parse("rules:\n  severity:\n    - rule: SS9999\n      severity: low\n      reason: x\n");
        var ex = Assert.Throws<DataFileException>(() => policy.CheckRuleIds(["SS0001", "SS1001"]));
        Assert.Equal((3L, 13L), (ex.Line, ex.Column));
        Assert.Equal("rules.severity: no rule SS9999 is loaded (`skillscan rules list` shows the ids)", ex.Reason);
        policy.CheckRuleIds(["SS9999"]);
    }

    [Fact]
    public void ErrorMessageStartsWithFileLineAndColumn()
    {
        var ex = Refused("fail-level: loud\n");
        Assert.Equal("skillscan.yml:1:13: 'fail-level' must be one of error, warning, note, none (got 'loud')", ex.Message);
    }

    [Fact]
    public void DisabledRulesAreNotRunAndOverridesChangeTheDescriptor()
    {
        var policy = Parse("rules:\n  disable:\n    - { rule: SS0002, reason: noisy }\n  severity:\n    - { rule: SS0001, severity: high, reason: we care }\n");
        var meta = RuleSet.BuiltinPacks().Single(p => p.Name == "meta").Rules;
        var selected = policy.SelectRules(meta);
        var rule = Assert.Single(selected);
        Assert.Equal("SS0001", rule.Descriptor.Id);
        Assert.Equal(Severity.High, rule.Descriptor.Severity);
        Assert.Equal("we care", Assert.IsType<OverriddenRule>(rule).Reason);
    }

    [Fact]
    public void SchemaAcceptsExactlyTheKeysTheLoaderAccepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(TestRepo.PathOf("schemas", "skillscan.schema.json")));
        var root = schema.RootElement;
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(PolicyFile.Keys[""].Order(), Names(root));
        var props = root.GetProperty("properties");
        Assert.Equal(PolicyFile.Keys["rules"].Order(), Names(props.GetProperty("rules")));
        Assert.Equal(PolicyFile.Keys["paths"].Order(), Names(props.GetProperty("paths")));
        Assert.Equal(PolicyFile.Keys["allow"].Order(), Names(props.GetProperty("allow")));
        var rules = props.GetProperty("rules").GetProperty("properties");
        Assert.Equal(PolicyFile.Keys["rules.disable[]"].Order(), Names(Resolve(root, rules.GetProperty("disable").GetProperty("items"))));
        Assert.Equal(PolicyFile.Keys["rules.severity[]"].Order(), Names(Resolve(root, rules.GetProperty("severity").GetProperty("items"))));
    }

    [Fact]
    public void DocumentedExamplePolicyLoads()
    {
        var doc = File.ReadAllText(TestRepo.PathOf("docs", "policy.md"));
        var start = doc.IndexOf("```yaml\n# skillscan.yml", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/policy.md has a ```yaml block starting with '# skillscan.yml'");
        start += "```yaml\n".Length;
        var yaml = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        Directory.CreateDirectory(Path.Combine(_dir, "policy", "rules"));
        var policy = Parse(yaml);
        Assert.NotEmpty(policy.DisabledRules);
        Assert.NotEmpty(policy.SeverityOverrides);
    }

    private static IEnumerable<string> Names(JsonElement objectSchema)
    {
        Assert.False(objectSchema.GetProperty("additionalProperties").GetBoolean());
        return objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference)) return schema;
        var name = reference.GetString()!.Split('/').Last();
        return root.GetProperty("$defs").GetProperty(name);
    }
}

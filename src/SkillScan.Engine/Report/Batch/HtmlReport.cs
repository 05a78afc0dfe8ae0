using System.Text.Json;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Report.Batch;

/// <summary>
/// A single-file HTML report: no external assets. The data sits in the page as JSON; the page's script builds the
/// verdict table (sortable by any column, filterable by text and verdict), CSS bar charts of findings per rule and
/// per category, and every finding with its code frame. Text from scanned skills only ever reaches the page as
/// JSON data inserted with textContent, never as markup.
/// </summary>
public static class HtmlReport
{
    public static void Write(Stream stream, ScanResult result, ReportOptions options)
    {
        var summary = new BatchSummary(new ReportModel(result, options));
        using var data = new MemoryStream();
        using (var w = new Utf8JsonWriter(data, new JsonWriterOptions { Encoder = SafeJsonEncoder.Instance }))
        {
            WriteData(w, summary);
        }
        // SafeJsonEncoder escapes '<', so the data cannot close its script element.
        var json = System.Text.Encoding.UTF8.GetString(data.ToArray()).Replace("</", "<\\/");
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.Write(Page.Replace("/*DATA*/", json));
    }

    private static void WriteData(Utf8JsonWriter w, BatchSummary summary)
    {
        var v = summary.Model.VerdictCounts;
        w.WriteStartObject();
        w.WriteString("tool", $"{ToolInfo.Name} {ToolInfo.Version}");
        w.WriteStartObject("verdicts");
        foreach (var verdict in (Verdict[])[Verdict.Block, Verdict.Review, Verdict.Pass]) w.WriteNumber(verdict.ToId(), v[verdict]);
        w.WriteEndObject();
        w.WriteStartArray("skills");
        foreach (var r in summary.Rows)
        {
            w.WriteStartObject();
            w.WriteString("path", r.Path);
            w.WriteString("verdict", r.Verdict.ToId());
            w.WriteNumber("risk", (int)r.Verdict);
            w.WriteNumber("errors", r.Errors);
            w.WriteNumber("warnings", r.Warnings);
            w.WriteNumber("notes", r.Notes);
            w.WriteBoolean("incomplete", r.Incomplete);
            if (r.View.Result.Skill.ArchiveSha256 is { } sha) w.WriteString("sha256", sha);
            w.WriteStartArray("findings");
            foreach (var f in r.View.Findings.Where(f => f.Suppression is null))
            {
                var loc = f.Location;
                w.WriteStartObject();
                w.WriteString("rule", f.Rule.Id);
                w.WriteString("name", f.Rule.Name);
                w.WriteString("severity", f.Severity.ToId());
                w.WriteString("level", f.Severity.SarifLevel());
                w.WriteString("where", $"{loc.RepoPath}:{loc.Region.StartLine}:{loc.Region.StartColumn}");
                w.WriteString("message", ReportText.Sentence(f.Message));
                w.WriteString("summary", f.Rule.Summary);
                if (TextReport.Frame(f.Document.File, loc.Region) is var (line, carets))
                {
                    w.WriteString("frame", $"{loc.Region.StartLine} | {line}\n{new string(' ', loc.Region.StartLine.ToString().Length)} | {carets}");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteCounts(w, "rules", summary.Rules.Select(r => ($"{r.Id} {r.Name}", r.Count)));
        WriteCounts(w, "categories", summary.Categories.Select(c => (c.Id, c.Count)));
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IEnumerable<(string Label, int Count)> counts)
    {
        w.WriteStartArray(name);
        foreach (var (label, count) in counts)
        {
            w.WriteStartObject();
            w.WriteString("label", label);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private const string Page = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>SkillScan batch report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}
th{cursor:pointer;background:#f4f4f4;user-select:none}td.n{text-align:right}
.block{color:#b00;font-weight:bold}.review{color:#b70;font-weight:bold}.pass{color:#070}
.bars{display:grid;grid-template-columns:minmax(12em,28em) 1fr;gap:2px 8px;margin:.5em 0 1.5em}
.bar{background:#4a7bd0;height:1.1em;min-width:2px}.bar span{margin-left:100%;padding-left:4px;white-space:nowrap}
pre{background:#f7f7f7;padding:6px;overflow-x:auto;margin:.3em 0}
details{margin:.2em 0 .8em}.finding{margin:.6em 0 .6em 1em}
#controls{margin:.8em 0}#controls input{width:20em}
</style>
</head>
<body>
<h1>SkillScan batch report</h1>
<p id="totals"></p>
<div id="controls">Filter: <input id="filter" type="search" placeholder="skill path or rule">
<select id="verdict"><option value="">all verdicts</option><option>block</option><option>review</option><option>pass</option></select></div>
<table id="skills"><thead><tr><th data-key="risk">Verdict</th><th data-key="path">Skill</th><th data-key="errors">Errors</th><th data-key="warnings">Warnings</th><th data-key="notes">Notes</th></tr></thead><tbody></tbody></table>
<h2>Findings per rule</h2><div class="bars" id="rules"></div>
<h2>Findings per category</h2><div class="bars" id="categories"></div>
<h2>Findings</h2><div id="findings"></div>
<script type="application/json" id="data">/*DATA*/</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
document.getElementById("totals").textContent = `${data.skills.length} skills: ${data.verdicts.block} block, ${data.verdicts.review} review, ${data.verdicts.pass} pass. ${data.tool}.`;
let sortKey = "risk", sortDesc = true;
function rows() {
  const text = document.getElementById("filter").value.toLowerCase(), verdict = document.getElementById("verdict").value;
  return data.skills.filter(s => (!verdict || s.verdict === verdict) &&
    (!text || s.path.toLowerCase().includes(text) || s.findings.some(f => (f.rule + " " + f.name).toLowerCase().includes(text))))
    .sort((a, b) => { const x = a[sortKey], y = b[sortKey]; const c = x < y ? -1 : x > y ? 1 : 0; return (sortDesc ? -c : c) || (a.path < b.path ? -1 : 1); });
}
function render() {
  const body = document.querySelector("#skills tbody");
  body.replaceChildren();
  for (const s of rows()) {
    const tr = el("tr", undefined, "skill-row");
    tr.append(el("td", s.verdict, s.verdict), el("td", s.path + (s.incomplete ? " (incomplete)" : "")),
      el("td", String(s.errors), "n"), el("td", String(s.warnings), "n"), el("td", String(s.notes), "n"));
    body.append(tr);
  }
}
for (const th of document.querySelectorAll("#skills th")) th.addEventListener("click", () => {
  sortDesc = sortKey === th.dataset.key ? !sortDesc : th.dataset.key !== "path"; sortKey = th.dataset.key; render(); });
document.getElementById("filter").addEventListener("input", render);
document.getElementById("verdict").addEventListener("change", render);
function bars(id, counts) {
  const box = document.getElementById(id), max = Math.max(1, ...counts.map(c => c.count));
  for (const c of counts) { const bar = el("div", undefined, "bar"); bar.style.width = (100 * c.count / max) + "%"; bar.append(el("span", String(c.count))); box.append(el("div", c.label), bar); }
}
bars("rules", data.rules); bars("categories", data.categories);
const list = document.getElementById("findings");
for (const s of data.skills.filter(s => s.findings.length > 0)) {
  const d = el("details"); if (s.verdict === "block") d.open = true;
  d.append(el("summary", `${s.verdict.toUpperCase()} ${s.path} (${s.findings.length} findings)${s.sha256 ? " sha256 " + s.sha256 : ""}`));
  for (const f of s.findings) {
    const box = el("div", undefined, "finding");
    box.append(el("div", `${f.where}: ${f.severity} ${f.rule} ${f.name}: ${f.message}`, f.level === "error" ? "block" : f.level === "warning" ? "review" : ""));
    if (f.frame) box.append(el("pre", f.frame));
    box.append(el("div", f.summary));
    d.append(box);
  }
  list.append(d);
}
render();
</script>
</body>
</html>

""";
}

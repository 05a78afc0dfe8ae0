using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Model;

namespace SkillScan.Policy;

/// <summary>
/// The policy's <c>paths: { include, exclude }</c>: globs over report-relative paths ('/'-separated).
/// <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> spans any number of segments, and a pattern
/// that matches a folder matches everything below it (<c>vendor</c> excludes <c>vendor/x/y.js</c>).
/// With includes, only files matching one of them are analysed; excludes win over includes.
/// </summary>
public sealed class PathFilter
{
    public static readonly PathFilter All = new([], []);

    private readonly IReadOnlyList<Regex> _include;
    private readonly IReadOnlyList<Regex> _exclude;

    public PathFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        Include = include;
        Exclude = exclude;
        _include = include.Select(Compile).ToList();
        _exclude = exclude.Select(Compile).ToList();
    }

    public IReadOnlyList<string> Include { get; }

    public IReadOnlyList<string> Exclude { get; }

    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0;

    public bool Allows(string repoPath)
    {
        if (_include.Count > 0 && !_include.Any(r => r.IsMatch(repoPath))) return false;
        return !_exclude.Any(r => r.IsMatch(repoPath));
    }

    /// <summary>The skill without the files the filter leaves out (the same object when nothing is left out).</summary>
    public Skill Apply(Skill skill)
    {
        if (IsEmpty || skill.Files.All(f => Allows(f.RepoPath))) return skill;
        var filtered = new Skill(skill.Name, skill.RootRepoPath, skill.Files.Where(f => Allows(f.RepoPath)).ToList())
        {
            ArchiveSha256 = skill.ArchiveSha256,
        };
        filtered.Notifications.AddRange(skill.Notifications);
        return filtered;
    }

    /// <summary>Why a pattern cannot be used, or null when it can.</summary>
    public static string? Problem(string pattern)
    {
        var p = Normalize(pattern);
        if (p.Length == 0) return "a path pattern must not be empty";
        if (p.Split('/').Any(s => s == "..")) return $"path pattern '{pattern}' must not contain '..' (patterns are relative to the report root)";
        return null;
    }

    private static string Normalize(string pattern)
    {
        var p = pattern.Trim().Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p.Trim('/');
    }

    private static Regex Compile(string pattern)
    {
        var p = Normalize(pattern);
        var sb = new StringBuilder("^");
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                var slashAfter = i + 2 < p.Length && p[i + 2] == '/';
                // "**/" is zero or more whole segments; a bare "**" is anything.
                sb.Append(slashAfter ? "(?:[^/]*/)*" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }
        // A folder pattern covers what is inside it.
        sb.Append("(?:/.*)?$");
        return new Regex(sb.ToString(), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
    }
}

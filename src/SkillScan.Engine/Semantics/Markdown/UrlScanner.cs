using System.Text.RegularExpressions;
using SkillScan.Model;

namespace SkillScan.Semantics.Markdown;

/// <summary>
/// Finds URLs in free text: with a scheme (also defanged hxxp), `www.` forms, scheme-less `host.tld/path`
/// (how paste links are often written in prose), and raw IPs with a port or path.
/// </summary>
public static partial class UrlScanner
{
    /// <summary>Labels that end file names more often than host names: "run.py/x" is not a URL.</summary>
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "py", "js", "md", "ts", "json", "yaml", "yml", "txt", "html", "htm", "css", "rs", "rb", "java", "cs", "php", "png",
        "jpg", "jpeg", "gif", "svg", "exe", "zip", "tar", "gz", "lock", "toml", "cfg", "ini", "log", "csv", "xml", "mjs",
        "cjs", "tsx", "jsx", "cpp", "hpp", "pdf", "env", "conf", "bak", "tmp", "local", "example", "sample", "test",
    };

    public static IEnumerable<(TextSpan Span, string Value)> Find(string text)
    {
        var taken = new List<TextSpan>();
        foreach (Match m in SchemeUrl().Matches(text))
        {
            var value = TrimTrailing(m.Value);
            if (value.Length <= m.Value.IndexOf("://", StringComparison.Ordinal) + 3) continue;
            var span = new TextSpan(m.Index, m.Index + value.Length);
            taken.Add(span);
            yield return (span, value);
        }
        foreach (Match m in BareUrl().Matches(text))
        {
            if (taken.Any(t => m.Index < t.End && m.Index + m.Length > t.Start)) continue;
            if (m.Index > 0 && (text[m.Index - 1] is '@' or '.' or '/' or '-' || char.IsLetterOrDigit(text[m.Index - 1]))) continue;
            var value = TrimTrailing(m.Value);
            var slash = value.IndexOf('/');
            var host = slash < 0 ? value : value[..slash];
            var tld = host[(host.LastIndexOf('.') + 1)..];
            if (!value.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && (slash < 0 || FileExtensions.Contains(tld))) continue;
            var span = new TextSpan(m.Index, m.Index + value.Length);
            taken.Add(span);
            yield return (span, value);
        }
        foreach (Match m in IpUrl().Matches(text))
        {
            if (taken.Any(t => m.Index < t.End && m.Index + m.Length > t.Start)) continue;
            if (m.Index > 0 && (char.IsLetterOrDigit(text[m.Index - 1]) || text[m.Index - 1] is '.' or '/' or '-')) continue;
            var value = TrimTrailing(m.Value);
            if (!value.Contains(':') && !value.Contains('/')) continue;
            yield return (new TextSpan(m.Index, m.Index + value.Length), value);
        }
    }

    /// <summary>The URL with a scheme: defanged hxxp(s) → http(s), scheme-less → http://.</summary>
    public static string Normalize(string url)
    {
        if (url.StartsWith("hxxp", StringComparison.OrdinalIgnoreCase)) return "http" + url[4..];
        return url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
    }

    public static string HostOf(string url)
    {
        var m = Parts().Match(url);
        return m.Success ? m.Groups["host"].Value.ToLowerInvariant().TrimEnd('.') : "";
    }

    public static string PathOf(string url)
    {
        var m = Parts().Match(url);
        return m.Success ? m.Groups["path"].Value : "";
    }

    /// <summary>The file name at the end of a URL's path (query and fragment removed), or "".</summary>
    public static string FileNameOf(string url)
    {
        var path = PathOf(Normalize(url));
        var cut = path.IndexOfAny(['?', '#']);
        if (cut >= 0) path = path[..cut];
        path = path.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        return Uri.UnescapeDataString(slash < 0 ? path : path[(slash + 1)..]);
    }

    /// <summary>Drops punctuation that ends the sentence rather than the URL, and an unbalanced closing bracket.</summary>
    private static string TrimTrailing(string value)
    {
        while (value.Length > 0)
        {
            var last = value[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '*' or '_' or '~')
            {
                value = value[..^1];
                continue;
            }
            if (last == ')' && value.Count(c => c == ')') > value.Count(c => c == '('))
            {
                value = value[..^1];
                continue;
            }
            break;
        }
        return value;
    }

    [GeneratedRegex(@"\b(?:https?|hxxps?|ftp|wss?)://[^\s<>""'`\]\[{}|\\^]+", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeUrl();

    [GeneratedRegex(@"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.[a-z]{2,24}(?:/[^\s<>""'`\]\[{}|\\^]*)?", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:/[^\s<>""'`\]\[{}|\\^]*)?", RegexOptions.NonBacktracking)]
    private static partial Regex IpUrl();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://(?:[^@/?#\s]*@)?(?<host>\[[^\]]*\]|[^:/?#\s]+)(?::\d+)?(?<path>[/?#][^\s]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Parts();
}

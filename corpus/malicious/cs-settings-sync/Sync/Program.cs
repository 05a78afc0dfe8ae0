#pragma warning disable SYSLIB0011
using System.Runtime.Serialization.Formatters.Binary;

using var http = new HttpClient();
await using var stream = await http.GetStreamAsync("https://settings-sync.example.org/profile.bin");
var formatter = new BinaryFormatter();
var settings = formatter.Deserialize(stream);
Console.WriteLine($"pulled settings: {settings}");

using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PcCovid.UnitTests.Common;

/// <summary>
/// Vietnamese first, English second: every Vietnamese text a page shows through its localizer
/// (<c>Localizer["…"]</c> for the page's own resource, <c>Shared["…"]</c> for the shared one) has an
/// English translation in the matching .en.resx, so switching to English never shows a Vietnamese
/// sentence by accident. A new text without its translation fails here with the file and the text.
/// </summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void EveryLocalizedPageText_HasAnEnglishTranslation()
    {
        string web = Path.Combine(RepositoryRoot(), "src", "PcCovid.Web");
        var shared = Translations(Path.Combine(web, "Resources", "SharedResource.en.resx"));
        var missing = new List<string>();
        int texts = 0;
        foreach (string view in Directory.EnumerateFiles(Path.Combine(web, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(web, "Features"), "*.cshtml", SearchOption.AllDirectories)))
        {
            string relative = Path.GetRelativePath(web, view);
            string source = File.ReadAllText(view);
            var own = Translations(Path.Combine(web, "Resources", Path.ChangeExtension(relative, null) + ".en.resx"));
            foreach (Match use in LocalizerUse().Matches(source))
            {
                texts++;
                string key = Regex.Unescape(use.Groups["key"].Value);
                var resource = use.Groups["which"].Value == "Shared" ? shared : own;
                if (!resource.TryGetValue(key, out string? english) || string.IsNullOrWhiteSpace(english))
                {
                    missing.Add($"{relative}: \"{key}\"");
                }
            }
        }

        Assert.True(texts > 0, "no localized texts found: the scan is looking in the wrong place");
        Assert.True(missing.Count == 0, "Texts without an English translation:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void TheEnglishResources_AreValidAndNotVietnamese()
    {
        string resources = Path.Combine(RepositoryRoot(), "src", "PcCovid.Web", "Resources");
        foreach (string file in Directory.EnumerateFiles(resources, "*.en.resx", SearchOption.AllDirectories))
        {
            foreach ((string key, string english) in Translations(file))
            {
                // An English text with Vietnamese letters is a copy-paste of the key, not a translation.
                Assert.False(VietnameseLetter().IsMatch(english) && english == key, $"{Path.GetFileName(file)}: \"{key}\" is not translated");
            }
        }
    }

    private static Dictionary<string, string> Translations(string resx) =>
        File.Exists(resx)
            ? XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal)
            : [];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PcCovid.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PcCovid.slnx) is not above the test's folder.");
    }

    [GeneratedRegex("""\b(?<which>Localizer|Shared)\["(?<key>(?:[^"\\]|\\.)*)"(?:\]|,)""")]
    private static partial Regex LocalizerUse();

    [GeneratedRegex("[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")]
    private static partial Regex VietnameseLetter();
}

namespace PcCovid.Web;

/// <summary>The resource of texts shared by several pages (Resources/SharedResource.en.resx): the layout, the navigation, common buttons.</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<SharedResource>; never instantiated
public sealed class SharedResource
#pragma warning restore CA1052
{
}

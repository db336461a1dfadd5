using PcCovid.Web;
using PcCovid.Web.Infrastructure;

// One program, two faces: `pccovid <verb>` runs a command-line verb; anything else runs the web host.
if (PcCovidCli.Handles(args))
{
    return await PcCovidCli.RunAsync(args);
}

WebApplication app = PcCovidWebHost.Build(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (DatabaseUnavailableException exception)
{
    // Already logged as critical by the start-up step; repeat it plainly for whoever started us.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

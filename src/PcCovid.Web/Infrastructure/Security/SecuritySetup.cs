using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Accounts;

namespace PcCovid.Web.Infrastructure.Security;

/// <summary>
/// Sign-in (ASP.NET Core Identity with cookies), the authorisation policies, rate limits and the
/// web-security basics, in one place so that what protects the platform can be read together.
/// </summary>
public static class SecuritySetup
{
    /// <summary>The rate-limiter policy of the sign-in endpoints, partitioned by client address.</summary>
    public const string SignInRateLimit = "sign-in";

    private const string AuthenticationMethod = "amr";

    public static IServiceCollection AddPcCovidSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        CitizenSignInOptions signIn = configuration.GetSection(CitizenSignInOptions.SectionName).Get<CitizenSignInOptions>() ?? new CitizenSignInOptions();

        // Cookies are Secure outside development. Security:SecureCookies=false exists for a plain-HTTP
        // test server on localhost (the browser tests); production runs behind TLS.
        CookieSecurePolicy secure = configuration.GetValue("Security:SecureCookies", !environment.IsDevelopment())
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddPcCovidIdentityCore(configuration)
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();

        // A disabled staff account or a new sign-in (which renews the security stamp) ends other
        // sessions within this interval.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);

            // The check rebuilds the principal from the account and drops how it signed in; without the
            // second-factor mark every staff session would be refused a minute after sign-in.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
                {
                    foreach (Claim method in current.FindAll(AuthenticationMethod).Where(c => !identity.HasClaim(AuthenticationMethod, c.Value)).ToList())
                    {
                        identity.AddClaim(new Claim(AuthenticationMethod, method.Value));
                    }
                }

                return Task.CompletedTask;
            };
        });
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "pccovid";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/dang-nhap";
            cookie.AccessDeniedPath = "/khong-co-quyen";
            cookie.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnSigningIn = context =>
            {
                // Staff sessions are short and end with the browser; a citizen stays signed in on their phone.
                if (context.Principal?.HasClaim(PcCovidClaims.AccountKind, "staff") == true)
                {
                    context.Properties.IsPersistent = false;
                    context.Properties.ExpiresUtc = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(10);
                }

                return Task.CompletedTask;
            };
        });
        services.ConfigureExternalCookie(cookie => cookie.Cookie.SecurePolicy = secure);
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = secure);

        services.AddAuthorizationBuilder()
            // Anything that does not declare a policy needs at least a signed-in user; the access-matrix
            // test goes further and fails for any endpoint that declares nothing.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AccessPolicies.CitizenPendingConfirmation, p => p.RequireClaim(PcCovidClaims.AccountKind, "citizen"))
            .AddPolicy(AccessPolicies.Citizen, p => p.RequireClaim(PcCovidClaims.AccountKind, "citizen").RequireClaim(PcCovidClaims.PersonId))
            .AddPolicy(AccessPolicies.StaffEnrolling, p => p.RequireClaim(PcCovidClaims.AccountKind, "staff"))
            .AddPolicy(AccessPolicies.Staff, p => RequireStaff(p))
            .AddPolicy(AccessPolicies.Epidemiologist, p => RequireStaff(p, StaffRole.Epidemiologist))
            .AddPolicy(AccessPolicies.DataSteward, p => RequireStaff(p, StaffRole.DataSteward))
            .AddPolicy(AccessPolicies.Auditor, p => RequireStaff(p, StaffRole.Auditor))
            .AddPolicy(AccessPolicies.Administrator, p => RequireStaff(p, StaffRole.Administrator))
            .AddPolicy(AccessPolicies.VenueOperator, p => RequireStaff(p, StaffRole.VenueOperator))
            .AddPolicy(AccessPolicies.VenueApproval, p => RequireStaff(p, StaffRole.Epidemiologist, StaffRole.Administrator))
            .AddPolicy(AccessPolicies.Lab, p => RequireStaff(p, StaffRole.Lab))
            .AddPolicy(AccessPolicies.VaccinationSite, p => RequireStaff(p, StaffRole.VaccinationSite))
            .AddPolicy(AccessPolicies.BorderOfficer, p => RequireStaff(p, StaffRole.BorderOfficer))
            .AddPolicy(AccessPolicies.PersonLookup, p => RequireStaff(p, StaffRole.Epidemiologist, StaffRole.DataSteward, StaffRole.Lab, StaffRole.VaccinationSite, StaffRole.BorderOfficer))
            .AddPolicy(AccessPolicies.PersonRecord, p => RequireStaff(p, StaffRole.Epidemiologist, StaffRole.DataSteward));

        services.AddHttpContextAccessor();
        services.AddScoped<CurrentActor>();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signIn.RequestsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Quá nhiều yêu cầu / Too many requests",
                    Detail = "Vui lòng thử lại sau một phút. / Please try again in a minute.",
                };
                await context.HttpContext.Response.WriteAsJsonAsync(problem, cancellationToken).ConfigureAwait(false);
            };
        });

        // Behind nginx or a load balancer: the client's address (rate limits, audit "from where") and
        // scheme come from X-Forwarded-For/-Proto, trusted only from the proxies listed in
        // Network:KnownProxies (loopback by default, so a client cannot forge its address).
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (string proxy in configuration.GetSection("Network:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        // CORS stays closed: the app and its API share one origin; no cross-origin caller is trusted.
        services.AddCors();
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return services;
    }

    /// <summary>
    /// Identity's user store and password, lockout and user rules: what the web host and the command-line
    /// verbs (which create the first administrator) share.
    /// </summary>
    public static IdentityBuilder AddPcCovidIdentityCore(this IServiceCollection services, IConfiguration configuration)
    {
        CitizenSignInOptions signIn = configuration.GetSection(CitizenSignInOptions.SectionName).Get<CitizenSignInOptions>() ?? new CitizenSignInOptions();
        return services.AddIdentityCore<Account>(options =>
            {
                options.User.RequireUniqueEmail = false;

                // Length over composition rules (NIST SP 800-63B): a long passphrase, no forced symbols.
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = signIn.LockoutAfterFailures;
                options.Lockout.DefaultLockoutTimeSpan = signIn.LockoutDuration;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<PcCovidDbContext>();
    }

    private static void RequireStaff(AuthorizationPolicyBuilder policy, params StaffRole[] roles)
    {
        // Staff act only after the second factor: Identity marks a two-factor sign-in with amr=mfa.
        policy.RequireClaim(PcCovidClaims.AccountKind, "staff").RequireClaim(AuthenticationMethod, "mfa");
        if (roles.Length > 0)
        {
            policy.RequireClaim(PcCovidClaims.StaffRole, roles.Select(r => r.Code()));
        }
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The claim a principal carries when its sign-in passed a second factor.</summary>
    public static Claim MultiFactorClaim => new(AuthenticationMethod, "mfa");
}

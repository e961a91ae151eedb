// Package organization is a Kernia plugin for multi-tenant applications:
// organizations, their members and roles, invitations, optional teams, and
// the active organization (and team) of each session. It answers Better
// Auth 1.6.11's organization plugin routes with the same JSON and error
// codes, so the official client and its organizationClient plugin work
// against it.
//
// Add it to the options' plugin list, and build the DB with
// [core.SchemaFor] so that its tables exist:
//
//	org := &organization.Plugin{InvitationExpiresIn: 24 * time.Hour}
//	opts := core.Options{Secret: secret, Plugins: []core.Plugin{org}}
//	db, err := memory.NewDB(storage.Options{Schema: core.SchemaFor(opts)})
//
// Every option is a field of [Plugin]; the zero value is upstream's
// default configuration.
package organization

import (
	"context"
	"net/http"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// TODO(organization): upstream also takes limits as functions of the user
// or organization, lets the server call addMember and create without a
// session, and renames the plugin's models and fields or adds fields to
// them through options; none of that is ported yet.

// Plugin is the organization plugin. Its fields are its options; set them
// before passing the plugin to [core.New] and leave them alone afterwards.
// The zero value is usable. A Plugin serves one Auth.
type Plugin struct {
	// AllowUserToCreateOrganization decides whether a user may create an
	// organization; nil lets everyone.
	AllowUserToCreateOrganization func(ctx context.Context, u *core.User) (bool, error)
	// OrganizationLimit caps the organizations a user belongs to when
	// creating one; zero means no cap.
	OrganizationLimit int
	// CreatorRole is the role of an organization's creator; "" means
	// "owner".
	CreatorRole string
	// MembershipLimit caps the members of an organization; zero means 100.
	MembershipLimit int
	// InvitationExpiresIn is how long an invitation stays valid; zero
	// means 48 hours.
	InvitationExpiresIn time.Duration
	// InvitationLimit caps the pending invitations of an organization;
	// zero means 100.
	InvitationLimit int
	// CancelPendingInvitationsOnReInvite cancels a pending invitation when
	// the same email is invited again, instead of refusing.
	CancelPendingInvitationsOnReInvite bool
	// AllowUnverifiedInvitees lets users whose email is not verified see,
	// accept and reject invitations (upstream's
	// requireEmailVerificationOnInvitation: false).
	AllowUnverifiedInvitees bool
	// DisableOrganizationDeletion answers 404 on delete.
	DisableOrganizationDeletion bool
	// Roles replaces the default roles (owner, admin, member) when set,
	// as upstream's roles option.
	Roles map[string]Role
	// SendInvitationEmail sends the invitation, typically with a link to
	// a page of the application that calls accept-invitation. Nil sends
	// nothing. An error fails invite-member.
	SendInvitationEmail func(ctx context.Context, inv InvitationEmail) error
	// Teams configures teams; they are off by default.
	Teams TeamOptions
	// AccessControl lists every resource and action a role may name
	// (upstream's ac); DefaultStatements() plus the application's own
	// resources, typically. Dynamic access control needs it.
	AccessControl Statements
	// DynamicAccessControl lets organizations store roles of their own.
	DynamicAccessControl DynamicAccessControl
	// Hooks run around organization, member, invitation and team changes.
	Hooks Hooks

	auth *core.Auth
}

// TeamOptions configure teams.
type TeamOptions struct {
	// Enabled adds the team routes, the team and teamMember models, the
	// invitation's teamId and the session's activeTeamId.
	Enabled bool
	// MaximumTeams caps the teams of an organization; zero means no cap.
	MaximumTeams int
	// MaximumMembersPerTeam caps a team's members; zero means no cap.
	MaximumMembersPerTeam int
	// AllowRemovingAllTeams lets remove-team delete an organization's last
	// team.
	AllowRemovingAllTeams bool
	// NoDefaultTeam skips the team that is otherwise created, with the
	// creator in it, along with each organization.
	NoDefaultTeam bool
}

// InvitationEmail is what [Plugin.SendInvitationEmail] gets.
type InvitationEmail struct {
	ID           string
	Email        string
	Role         string
	Organization storage.Record
	Inviter      *core.User
	// InviterMember is the inviter's member record.
	InviterMember storage.Record
	Invitation    storage.Record
	// Request is the invite-member request, to build links from.
	Request *http.Request
}

// ID returns "organization".
func (p *Plugin) ID() string { return "organization" }

// Init keeps the Auth; a Plugin serves a single Auth.
func (p *Plugin) Init(a *core.Auth) error {
	p.auth = a
	return nil
}

func (p *Plugin) creatorRole() string {
	if p.CreatorRole == "" {
		return "owner"
	}
	return p.CreatorRole
}

func (p *Plugin) roles() map[string]Role {
	if p.Roles != nil {
		return p.Roles
	}
	return DefaultRoles()
}

func (p *Plugin) membershipLimit() int {
	if p.MembershipLimit <= 0 {
		return 100
	}
	return p.MembershipLimit
}

func (p *Plugin) invitationLimit() int {
	if p.InvitationLimit <= 0 {
		return 100
	}
	return p.InvitationLimit
}

func (p *Plugin) invitationTTL() time.Duration {
	if p.InvitationExpiresIn <= 0 {
		return 48 * time.Hour
	}
	return p.InvitationExpiresIn
}

// Schema returns the organization, member and invitation models, the
// team models when teams are on, and the session's active organization
// (and team) fields.
func (p *Plugin) Schema() []storage.Model {
	ref := func(model string) *storage.Reference {
		return &storage.Reference{Model: model, Field: "id", OnDelete: storage.Cascade}
	}
	str := storage.TypeString
	date := storage.TypeDate
	invitation := []storage.Field{
		{Name: "organizationId", Type: str, Required: true, Index: true,
			References: ref("organization")},
		{Name: "email", Type: str, Required: true, Sortable: true, Index: true},
		{Name: "role", Type: str, Sortable: true},
	}
	if p.Teams.Enabled {
		invitation = append(invitation, storage.Field{Name: "teamId", Type: str, Sortable: true})
	}
	invitation = append(invitation,
		storage.Field{Name: "status", Type: str, Required: true, Sortable: true,
			Default: storage.Static("pending")},
		storage.Field{Name: "expiresAt", Type: date, Required: true},
		storage.Field{Name: "createdAt", Type: date, Required: true, Default: storage.Now},
		storage.Field{Name: "inviterId", Type: str, Required: true, References: ref("user")},
	)
	session := []storage.Field{{Name: "activeOrganizationId", Type: str}}
	models := []storage.Model{
		{Name: "organization", Fields: []storage.Field{
			{Name: "name", Type: str, Required: true, Sortable: true},
			{Name: "slug", Type: str, Required: true, Unique: true, Sortable: true, Index: true},
			{Name: "logo", Type: str},
			{Name: "createdAt", Type: date, Required: true},
			{Name: "metadata", Type: str},
		}},
	}
	if p.Teams.Enabled {
		session = append(session, storage.Field{Name: "activeTeamId", Type: str})
		models = append(models, storage.Model{Name: "team", Fields: []storage.Field{
			{Name: "name", Type: str, Required: true},
			{Name: "organizationId", Type: str, Required: true, Index: true,
				References: ref("organization")},
			{Name: "createdAt", Type: date, Required: true},
			{Name: "updatedAt", Type: date, OnUpdate: storage.Now},
		}}, storage.Model{Name: "teamMember", Fields: []storage.Field{
			{Name: "teamId", Type: str, Required: true, Index: true, References: ref("team")},
			{Name: "userId", Type: str, Required: true, Index: true, References: ref("user")},
			{Name: "createdAt", Type: date},
		}})
	}
	if p.DynamicAccessControl.Enabled {
		models = append(models, roleModel())
	}
	return append(models,
		storage.Model{Name: "member", Fields: []storage.Field{
			{Name: "organizationId", Type: str, Required: true, Index: true,
				References: ref("organization")},
			{Name: "userId", Type: str, Required: true, Index: true, References: ref("user")},
			{Name: "role", Type: str, Required: true, Sortable: true,
				Default: storage.Static("member")},
			{Name: "createdAt", Type: date, Required: true},
		}},
		storage.Model{Name: "invitation", Fields: invitation},
		storage.Model{Name: "session", Fields: session},
	)
}

// Routes returns upstream's organization routes, and the team and role
// routes when teams and dynamic access control are on.
func (p *Plugin) Routes() []core.Route {
	routes := append(p.orgRoutes(), p.memberRoutes()...)
	routes = append(routes, p.invitationRoutes()...)
	if p.Teams.Enabled {
		routes = append(routes, p.teamRoutes()...)
	}
	if p.DynamicAccessControl.Enabled {
		routes = append(routes, p.roleRoutes()...)
	}
	return routes
}

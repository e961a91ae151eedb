package organization

import (
	"context"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// Event is what an organization hook sees. Only the fields that concern
// the change are set. A before hook may change the record about to be
// written (Organization on create and update, Member on add, Invitation
// on create, Team on create); the route stores what it finds there.
type Event struct {
	Organization storage.Record
	Member       storage.Record
	Invitation   storage.Record
	Team         storage.Record
	// User is the user the change is about (the creator, the member added
	// or removed, the invitee) or, for updates and cancellations, the user
	// who made it.
	User *core.User
}

// HookFunc runs around a change. An error from a before hook stops the
// route, which answers it (an *core.APIError as it is, anything else as a
// 500); an error from an after hook is answered too, but the change has
// already been written.
type HookFunc func(ctx context.Context, e *Event) error

// Hooks run around the plugin's changes, as upstream's organizationHooks.
// Nil hooks are skipped.
type Hooks struct {
	BeforeCreateOrganization, AfterCreateOrganization HookFunc
	BeforeUpdateOrganization, AfterUpdateOrganization HookFunc
	BeforeDeleteOrganization, AfterDeleteOrganization HookFunc
	BeforeAddMember, AfterAddMember                   HookFunc
	BeforeRemoveMember, AfterRemoveMember             HookFunc
	BeforeUpdateMemberRole, AfterUpdateMemberRole     HookFunc
	BeforeCreateInvitation, AfterCreateInvitation     HookFunc
	BeforeAcceptInvitation, AfterAcceptInvitation     HookFunc
	BeforeRejectInvitation, AfterRejectInvitation     HookFunc
	BeforeCancelInvitation, AfterCancelInvitation     HookFunc
	BeforeCreateTeam, AfterCreateTeam                 HookFunc
	BeforeUpdateTeam, AfterUpdateTeam                 HookFunc
	BeforeDeleteTeam, AfterDeleteTeam                 HookFunc
	BeforeAddTeamMember, AfterAddTeamMember           HookFunc
	BeforeRemoveTeamMember, AfterRemoveTeamMember     HookFunc
}

// call runs h when it is set.
func call(c *core.Context, h HookFunc, e *Event) error {
	if h == nil {
		return nil
	}
	return h(c.Context(), e)
}

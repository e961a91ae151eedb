package organization

import (
	"net/http"

	"github.com/kernia-go/kernia/core"
)

// The plugin's error codes, with upstream's messages. Each carries the
// status its routes answer most often; a route that answers another one
// uses [core.APIError.WithStatus]. Compare with errors.Is.
var (
	ErrYouAreNotAllowedToCreateANewOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_ORGANIZATION",
		"You are not allowed to create a new organization")
	ErrYouHaveReachedTheMaximumNumberOfOrganizations = forbidden(
		"YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_ORGANIZATIONS",
		"You have reached the maximum number of organizations")
	ErrOrganizationAlreadyExists = badRequest(
		"ORGANIZATION_ALREADY_EXISTS",
		"Organization already exists")
	ErrOrganizationSlugAlreadyTaken = badRequest(
		"ORGANIZATION_SLUG_ALREADY_TAKEN",
		"Organization slug already taken")
	ErrOrganizationNotFound = badRequest(
		"ORGANIZATION_NOT_FOUND",
		"Organization not found")
	ErrUserIsNotAMemberOfTheOrganization = badRequest(
		"USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION",
		"User is not a member of the organization")
	ErrYouAreNotAllowedToUpdateThisOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_ORGANIZATION",
		"You are not allowed to update this organization")
	ErrYouAreNotAllowedToDeleteThisOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_ORGANIZATION",
		"You are not allowed to delete this organization")
	ErrNoActiveOrganization = badRequest(
		"NO_ACTIVE_ORGANIZATION",
		"No active organization")
	ErrUserIsAlreadyAMemberOfThisOrganization = badRequest(
		"USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION",
		"User is already a member of this organization")
	ErrMemberNotFound = badRequest(
		"MEMBER_NOT_FOUND",
		"Member not found")
	ErrRoleNotFound = badRequest(
		"ROLE_NOT_FOUND",
		"Role not found")
	ErrYouAreNotAllowedToCreateANewTeam = badRequest(
		"YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_TEAM",
		"You are not allowed to create a new team")
	ErrTeamAlreadyExists = badRequest(
		"TEAM_ALREADY_EXISTS",
		"Team already exists")
	ErrTeamNotFound = badRequest(
		"TEAM_NOT_FOUND",
		"Team not found")
	ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner = badRequest(
		"YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER",
		"You cannot leave the organization as the only owner")
	ErrYouCannotLeaveTheOrganizationWithoutAnOwner = badRequest(
		"YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER",
		"You cannot leave the organization without an owner")
	ErrYouAreNotAllowedToDeleteThisMember = unauthorized(
		"YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_MEMBER",
		"You are not allowed to delete this member")
	ErrYouAreNotAllowedToInviteUsersToThisOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION",
		"You are not allowed to invite users to this organization")
	ErrUserIsAlreadyInvitedToThisOrganization = badRequest(
		"USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION",
		"User is already invited to this organization")
	ErrInvitationNotFound = badRequest(
		"INVITATION_NOT_FOUND",
		"Invitation not found")
	ErrYouAreNotTheRecipientOfTheInvitation = forbidden(
		"YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION",
		"You are not the recipient of the invitation")
	ErrEmailVerificationRequiredBeforeAcceptingOrRejectingInvitation = forbidden(
		"EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION",
		"Email verification required before accepting or rejecting invitation")
	ErrEmailVerificationRequiredForInvitation = forbidden(
		"EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION",
		"Email verification required to view or list invitations for the session "+
			"email")
	ErrYouAreNotAllowedToCancelThisInvitation = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_CANCEL_THIS_INVITATION",
		"You are not allowed to cancel this invitation")
	ErrInviterIsNoLongerAMemberOfTheOrganization = badRequest(
		"INVITER_IS_NO_LONGER_A_MEMBER_OF_THE_ORGANIZATION",
		"Inviter is no longer a member of the organization")
	ErrYouAreNotAllowedToInviteUserWithThisRole = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE",
		"You are not allowed to invite a user with this role")
	ErrFailedToRetrieveInvitation = badRequest(
		"FAILED_TO_RETRIEVE_INVITATION",
		"Failed to retrieve invitation")
	ErrYouHaveReachedTheMaximumNumberOfTeams = badRequest(
		"YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_TEAMS",
		"You have reached the maximum number of teams")
	ErrUnableToRemoveLastTeam = badRequest(
		"UNABLE_TO_REMOVE_LAST_TEAM",
		"Unable to remove last team")
	ErrYouAreNotAllowedToUpdateThisMember = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER",
		"You are not allowed to update this member")
	ErrOrganizationMembershipLimitReached = forbidden(
		"ORGANIZATION_MEMBERSHIP_LIMIT_REACHED",
		"Organization membership limit reached")
	ErrYouAreNotAllowedToCreateTeamsInThisOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_CREATE_TEAMS_IN_THIS_ORGANIZATION",
		"You are not allowed to create teams in this organization")
	ErrYouAreNotAllowedToDeleteTeamsInThisOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_DELETE_TEAMS_IN_THIS_ORGANIZATION",
		"You are not allowed to delete teams in this organization")
	ErrYouAreNotAllowedToUpdateThisTeam = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_TEAM",
		"You are not allowed to update this team")
	ErrYouAreNotAllowedToDeleteThisTeam = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_TEAM",
		"You are not allowed to delete this team")
	ErrInvitationLimitReached = forbidden(
		"INVITATION_LIMIT_REACHED",
		"Invitation limit reached")
	ErrTeamMemberLimitReached = forbidden(
		"TEAM_MEMBER_LIMIT_REACHED",
		"Team member limit reached")
	ErrUserIsNotAMemberOfTheTeam = badRequest(
		"USER_IS_NOT_A_MEMBER_OF_THE_TEAM",
		"User is not a member of the team")
	ErrYouCanNotAccessTheMembersOfThisTeam = badRequest(
		"YOU_CAN_NOT_ACCESS_THE_MEMBERS_OF_THIS_TEAM",
		"You are not allowed to list the members of this team")
	ErrYouDoNotHaveAnActiveTeam = badRequest(
		"YOU_DO_NOT_HAVE_AN_ACTIVE_TEAM",
		"You do not have an active team")
	ErrYouAreNotAllowedToCreateANewTeamMember = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_TEAM_MEMBER",
		"You are not allowed to create a new member")
	ErrYouAreNotAllowedToRemoveATeamMember = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_REMOVE_A_TEAM_MEMBER",
		"You are not allowed to remove a team member")
	ErrYouAreNotAllowedToAccessThisOrganization = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_ACCESS_THIS_ORGANIZATION",
		"You are not allowed to access this organization as an owner")
	ErrYouAreNotAMemberOfThisOrganization = forbidden(
		"YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION",
		"You are not a member of this organization")
	ErrMissingAcInstance = notImplemented(
		"MISSING_AC_INSTANCE",
		"Dynamic Access Control requires a pre-defined ac instance on the server "+
			"auth plugin. Read server logs for more information")
	ErrYouMustBeInAnOrganizationToCreateARole = badRequest(
		"YOU_MUST_BE_IN_AN_ORGANIZATION_TO_CREATE_A_ROLE",
		"You must be in an organization to create a role")
	ErrYouAreNotAllowedToCreateARole = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE",
		"You are not allowed to create a role")
	ErrYouAreNotAllowedToUpdateARole = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_UPDATE_A_ROLE",
		"You are not allowed to update a role")
	ErrYouAreNotAllowedToDeleteARole = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_DELETE_A_ROLE",
		"You are not allowed to delete a role")
	ErrYouAreNotAllowedToReadARole = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_READ_A_ROLE",
		"You are not allowed to read a role")
	ErrYouAreNotAllowedToListARole = forbidden(
		"YOU_ARE_NOT_ALLOWED_TO_LIST_A_ROLE",
		"You are not allowed to list a role")
	ErrYouAreNotAllowedToGetARole = badRequest(
		"YOU_ARE_NOT_ALLOWED_TO_GET_A_ROLE",
		"You are not allowed to get a role")
	ErrTooManyRoles = badRequest(
		"TOO_MANY_ROLES",
		"This organization has too many roles")
	ErrInvalidResource = badRequest(
		"INVALID_RESOURCE",
		"The provided permission includes an invalid resource")
	ErrRoleNameIsAlreadyTaken = badRequest(
		"ROLE_NAME_IS_ALREADY_TAKEN",
		"That role name is already taken")
	ErrCannotDeleteAPreDefinedRole = badRequest(
		"CANNOT_DELETE_A_PRE_DEFINED_ROLE",
		"Cannot delete a pre-defined role")
	ErrRoleIsAssignedToMembers = badRequest(
		"ROLE_IS_ASSIGNED_TO_MEMBERS",
		"Cannot delete a role that is assigned to members. Please reassign the "+
			"members to a different role first")
)

func badRequest(code, msg string) *core.APIError {
	return core.NewAPIError(http.StatusBadRequest, code, msg)
}

func forbidden(code, msg string) *core.APIError {
	return core.NewAPIError(http.StatusForbidden, code, msg)
}

func unauthorized(code, msg string) *core.APIError {
	return core.NewAPIError(http.StatusUnauthorized, code, msg)
}

func notImplemented(code, msg string) *core.APIError {
	return core.NewAPIError(http.StatusNotImplemented, code, msg)
}

// errorCodes lists the 58 codes in upstream's order.
var errorCodes = []*core.APIError{
	ErrYouAreNotAllowedToCreateANewOrganization,
	ErrYouHaveReachedTheMaximumNumberOfOrganizations, ErrOrganizationAlreadyExists,
	ErrOrganizationSlugAlreadyTaken, ErrOrganizationNotFound,
	ErrUserIsNotAMemberOfTheOrganization, ErrYouAreNotAllowedToUpdateThisOrganization,
	ErrYouAreNotAllowedToDeleteThisOrganization, ErrNoActiveOrganization,
	ErrUserIsAlreadyAMemberOfThisOrganization, ErrMemberNotFound, ErrRoleNotFound,
	ErrYouAreNotAllowedToCreateANewTeam, ErrTeamAlreadyExists, ErrTeamNotFound,
	ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner,
	ErrYouCannotLeaveTheOrganizationWithoutAnOwner, ErrYouAreNotAllowedToDeleteThisMember,
	ErrYouAreNotAllowedToInviteUsersToThisOrganization,
	ErrUserIsAlreadyInvitedToThisOrganization, ErrInvitationNotFound,
	ErrYouAreNotTheRecipientOfTheInvitation,
	ErrEmailVerificationRequiredBeforeAcceptingOrRejectingInvitation,
	ErrEmailVerificationRequiredForInvitation, ErrYouAreNotAllowedToCancelThisInvitation,
	ErrInviterIsNoLongerAMemberOfTheOrganization, ErrYouAreNotAllowedToInviteUserWithThisRole,
	ErrFailedToRetrieveInvitation, ErrYouHaveReachedTheMaximumNumberOfTeams,
	ErrUnableToRemoveLastTeam, ErrYouAreNotAllowedToUpdateThisMember,
	ErrOrganizationMembershipLimitReached, ErrYouAreNotAllowedToCreateTeamsInThisOrganization,
	ErrYouAreNotAllowedToDeleteTeamsInThisOrganization, ErrYouAreNotAllowedToUpdateThisTeam,
	ErrYouAreNotAllowedToDeleteThisTeam, ErrInvitationLimitReached, ErrTeamMemberLimitReached,
	ErrUserIsNotAMemberOfTheTeam, ErrYouCanNotAccessTheMembersOfThisTeam,
	ErrYouDoNotHaveAnActiveTeam, ErrYouAreNotAllowedToCreateANewTeamMember,
	ErrYouAreNotAllowedToRemoveATeamMember, ErrYouAreNotAllowedToAccessThisOrganization,
	ErrYouAreNotAMemberOfThisOrganization, ErrMissingAcInstance,
	ErrYouMustBeInAnOrganizationToCreateARole, ErrYouAreNotAllowedToCreateARole,
	ErrYouAreNotAllowedToUpdateARole, ErrYouAreNotAllowedToDeleteARole,
	ErrYouAreNotAllowedToReadARole, ErrYouAreNotAllowedToListARole,
	ErrYouAreNotAllowedToGetARole, ErrTooManyRoles, ErrInvalidResource,
	ErrRoleNameIsAlreadyTaken, ErrCannotDeleteAPreDefinedRole, ErrRoleIsAssignedToMembers,
}

// ErrorCodes returns the plugin's error codes, in upstream's order.
func (p *Plugin) ErrorCodes() []core.APIError {
	out := make([]core.APIError, len(errorCodes))
	for i, e := range errorCodes {
		out[i] = *e
	}
	return out
}

package core

import (
	"errors"
	"fmt"
	"net/http"
)

// APIError is an error answered to the client: an HTTP status, a wire code
// and a message, rendered as {"message":…,"code":…} like Better Auth. An
// empty Code leaves the code key out, and an APIError with neither code
// nor message is sent with an empty body.
type APIError struct {
	Status  int
	Code    string
	Message string
}

// Error implements error.
func (e *APIError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("core: %d %s", e.Status, e.Message)
	}
	return fmt.Sprintf("core: %d %s: %s", e.Status, e.Code, e.Message)
}

// Is reports whether target is an *APIError with the same code, so that
// callers can write errors.Is(err, core.ErrInvalidEmailOrPassword).
func (e *APIError) Is(target error) bool {
	t, ok := target.(*APIError)
	return ok && t.Code != "" && t.Code == e.Code
}

// MarshalJSON renders the body with message first, then code, as upstream.
func (e *APIError) MarshalJSON() ([]byte, error) {
	if e.Code == "" {
		return marshal(struct {
			Message string `json:"message"`
		}{e.Message})
	}
	return marshal(struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	}{e.Message, e.Code})
}

// emptyBody reports whether the error is sent with no body at all.
func (e *APIError) emptyBody() bool { return e.Code == "" && e.Message == "" }

// WithStatus returns a copy of the error with another HTTP status. The
// same code is answered with different statuses by different routes.
func (e *APIError) WithStatus(status int) *APIError {
	c := *e
	c.Status = status
	return &c
}

// NewAPIError returns an APIError with the given status, code and message.
func NewAPIError(status int, code, message string) *APIError {
	return &APIError{Status: status, Code: code, Message: message}
}

// StatusError returns an APIError that carries only a status and an
// optional message, without a code (upstream's fromStatus).
func StatusError(status int, message string) *APIError {
	return &APIError{Status: status, Message: message}
}

// AsAPIError returns err as an *APIError when it is one.
func AsAPIError(err error) (*APIError, bool) {
	var ae *APIError
	ok := errors.As(err, &ae)
	return ae, ok
}

// baseErrors lists Better Auth's base error codes and their exact messages.
// The statuses are those the core routes answer with most often; routes
// that answer another status use [APIError.WithStatus].
var baseErrors = []*APIError{
	ErrUserNotFound, ErrFailedToCreateUser, ErrFailedToCreateSession,
	ErrFailedToUpdateUser, ErrFailedToGetSession, ErrInvalidPassword,
	ErrInvalidEmail, ErrInvalidEmailOrPassword, ErrInvalidUser,
	ErrSocialAccountAlreadyLinked, ErrProviderNotFound, ErrInvalidToken,
	ErrTokenExpired, ErrIDTokenNotSupported, ErrFailedToGetUserInfo,
	ErrUserEmailNotFound, ErrEmailNotVerified, ErrPasswordTooShort,
	ErrPasswordTooLong, ErrUserAlreadyExists, ErrUserAlreadyExistsUseAnotherEmail,
	ErrEmailCanNotBeUpdated, ErrChangeEmailDisabled, ErrCredentialAccountNotFound,
	ErrSessionExpired, ErrFailedToUnlinkLastAccount, ErrAccountNotFound,
	ErrUserAlreadyHasPassword, ErrCrossSiteNavigationLoginBlocked,
	ErrVerificationEmailNotEnabled, ErrEmailAlreadyVerified, ErrEmailMismatch,
	ErrSessionNotFresh, ErrLinkedAccountAlreadyExists, ErrInvalidOrigin,
	ErrInvalidCallbackURL, ErrInvalidRedirectURL, ErrInvalidErrorCallbackURL,
	ErrInvalidNewUserCallbackURL, ErrMissingOrNullOrigin, ErrCallbackURLRequired,
	ErrFailedToCreateVerification, ErrFieldNotAllowed, ErrAsyncValidationNotSupported,
	ErrValidation, ErrMissingField, ErrMethodNotAllowedDeferSessionRequired,
	ErrBodyMustBeAnObject, ErrPasswordAlreadySet,
}

// BaseErrors returns Better Auth's 49 base error codes with their messages
// and default statuses, in upstream's order. The result is a copy.
func BaseErrors() []APIError {
	out := make([]APIError, len(baseErrors))
	for i, e := range baseErrors {
		out[i] = *e
	}
	return out
}

const (
	bad       = http.StatusBadRequest
	unauth    = http.StatusUnauthorized
	forbidden = http.StatusForbidden
)

// The base error codes. Each is an *APIError; compare with errors.Is.
var (
	ErrUserNotFound          = &APIError{bad, "USER_NOT_FOUND", "User not found"}
	ErrFailedToCreateUser    = &APIError{bad, "FAILED_TO_CREATE_USER", "Failed to create user"}
	ErrFailedToCreateSession = &APIError{unauth, "FAILED_TO_CREATE_SESSION",
		"Failed to create session"}
	ErrFailedToUpdateUser = &APIError{bad, "FAILED_TO_UPDATE_USER", "Failed to update user"}
	ErrFailedToGetSession = &APIError{unauth, "FAILED_TO_GET_SESSION",
		"Failed to get session"}
	ErrInvalidPassword        = &APIError{bad, "INVALID_PASSWORD", "Invalid password"}
	ErrInvalidEmail           = &APIError{bad, "INVALID_EMAIL", "Invalid email"}
	ErrInvalidEmailOrPassword = &APIError{unauth, "INVALID_EMAIL_OR_PASSWORD",
		"Invalid email or password"}
	ErrInvalidUser                = &APIError{bad, "INVALID_USER", "Invalid user"}
	ErrSocialAccountAlreadyLinked = &APIError{bad, "SOCIAL_ACCOUNT_ALREADY_LINKED",
		"Social account already linked"}
	ErrProviderNotFound = &APIError{http.StatusNotFound, "PROVIDER_NOT_FOUND",
		"Provider not found"}
	ErrInvalidToken        = &APIError{bad, "INVALID_TOKEN", "Invalid token"}
	ErrTokenExpired        = &APIError{unauth, "TOKEN_EXPIRED", "Token expired"}
	ErrIDTokenNotSupported = &APIError{http.StatusNotFound, "ID_TOKEN_NOT_SUPPORTED",
		"id_token not supported"}
	ErrFailedToGetUserInfo = &APIError{unauth, "FAILED_TO_GET_USER_INFO",
		"Failed to get user info"}
	ErrUserEmailNotFound = &APIError{unauth, "USER_EMAIL_NOT_FOUND", "User email not found"}
	ErrEmailNotVerified  = &APIError{forbidden, "EMAIL_NOT_VERIFIED", "Email not verified"}
	ErrPasswordTooShort  = &APIError{bad, "PASSWORD_TOO_SHORT", "Password too short"}
	ErrPasswordTooLong   = &APIError{bad, "PASSWORD_TOO_LONG", "Password too long"}
	ErrUserAlreadyExists = &APIError{http.StatusUnprocessableEntity, "USER_ALREADY_EXISTS",
		"User already exists."}
	ErrUserAlreadyExistsUseAnotherEmail = &APIError{http.StatusUnprocessableEntity,
		"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email."}
	ErrEmailCanNotBeUpdated = &APIError{bad, "EMAIL_CAN_NOT_BE_UPDATED",
		"Email can not be updated"}
	ErrChangeEmailDisabled = &APIError{bad, "CHANGE_EMAIL_DISABLED",
		"Change email is disabled"}
	ErrCredentialAccountNotFound = &APIError{bad, "CREDENTIAL_ACCOUNT_NOT_FOUND",
		"Credential account not found"}
	ErrSessionExpired = &APIError{bad, "SESSION_EXPIRED",
		"Session expired. Re-authenticate to perform this action."}
	ErrFailedToUnlinkLastAccount = &APIError{bad, "FAILED_TO_UNLINK_LAST_ACCOUNT",
		"You can't unlink your last account"}
	ErrAccountNotFound        = &APIError{bad, "ACCOUNT_NOT_FOUND", "Account not found"}
	ErrUserAlreadyHasPassword = &APIError{bad, "USER_ALREADY_HAS_PASSWORD",
		"User already has a password. Provide that to delete the account."}
	ErrCrossSiteNavigationLoginBlocked = &APIError{forbidden, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
		"Cross-site navigation login blocked. This request appears to be a CSRF attack."}
	ErrVerificationEmailNotEnabled = &APIError{bad, "VERIFICATION_EMAIL_NOT_ENABLED",
		"Verification email isn't enabled"}
	ErrEmailAlreadyVerified = &APIError{bad, "EMAIL_ALREADY_VERIFIED",
		"Email is already verified"}
	ErrEmailMismatch   = &APIError{bad, "EMAIL_MISMATCH", "Email mismatch"}
	ErrSessionNotFresh = &APIError{forbidden, "SESSION_NOT_FRESH",
		"Session is not fresh"}
	ErrLinkedAccountAlreadyExists = &APIError{bad, "LINKED_ACCOUNT_ALREADY_EXISTS",
		"Linked account already exists"}
	ErrInvalidOrigin      = &APIError{forbidden, "INVALID_ORIGIN", "Invalid origin"}
	ErrInvalidCallbackURL = &APIError{forbidden, "INVALID_CALLBACK_URL",
		"Invalid callbackURL"}
	ErrInvalidRedirectURL = &APIError{forbidden, "INVALID_REDIRECT_URL",
		"Invalid redirectURL"}
	ErrInvalidErrorCallbackURL = &APIError{forbidden, "INVALID_ERROR_CALLBACK_URL",
		"Invalid errorCallbackURL"}
	ErrInvalidNewUserCallbackURL = &APIError{forbidden, "INVALID_NEW_USER_CALLBACK_URL",
		"Invalid newUserCallbackURL"}
	ErrMissingOrNullOrigin = &APIError{forbidden, "MISSING_OR_NULL_ORIGIN",
		"Missing or null Origin"}
	ErrCallbackURLRequired = &APIError{bad, "CALLBACK_URL_REQUIRED",
		"callbackURL is required"}
	ErrFailedToCreateVerification = &APIError{bad, "FAILED_TO_CREATE_VERIFICATION",
		"Unable to create verification"}
	ErrFieldNotAllowed = &APIError{bad, "FIELD_NOT_ALLOWED",
		"Field not allowed to be set"}
	ErrAsyncValidationNotSupported = &APIError{bad, "ASYNC_VALIDATION_NOT_SUPPORTED",
		"Async validation is not supported"}
	ErrValidation = &APIError{bad, "VALIDATION_ERROR",
		"Validation Error"}
	ErrMissingField                         = &APIError{bad, "MISSING_FIELD", "Field is required"}
	ErrMethodNotAllowedDeferSessionRequired = &APIError{http.StatusMethodNotAllowed,
		"METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
		"POST method requires deferSessionRefresh to be enabled in session config"}
	ErrBodyMustBeAnObject = &APIError{bad, "BODY_MUST_BE_AN_OBJECT", "Body must be an object"}
	ErrPasswordAlreadySet = &APIError{bad, "PASSWORD_ALREADY_SET",
		"User already has a password set"}
)

// Errors used by core routes that are not among the base codes.
var (
	ErrUnauthorized = &APIError{unauth, "UNAUTHORIZED", "Unauthorized"}
	// ErrNotFound answers unknown routes. Upstream sends an empty body; a
	// JSON body is friendlier to clients and is a documented departure.
	ErrNotFound       = &APIError{http.StatusNotFound, "NOT_FOUND", "Not Found"}
	ErrSignUpDisabled = &APIError{bad, "EMAIL_PASSWORD_SIGN_UP_DISABLED",
		"Email and password sign up is not enabled"}
	ErrEmailPasswordDisabled = &APIError{bad, "EMAIL_PASSWORD_DISABLED",
		"Email and password is not enabled"}
	ErrInternal = &APIError{http.StatusInternalServerError, "INTERNAL_SERVER_ERROR",
		"Internal Server Error"}
	// ErrPayloadTooLarge answers bodies above the size bound.
	ErrPayloadTooLarge = &APIError{http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE",
		"Request body is too large"}
)

// validationError returns a VALIDATION_ERROR with a zod-style message.
func validationError(msg string) *APIError {
	return &APIError{Status: bad, Code: "VALIDATION_ERROR", Message: msg}
}

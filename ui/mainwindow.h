#pragma once
// MainWindow: dataset panes in a dock on the left; Train, Plots, Previews and Translate tabs (the last
// with the model library beside it); a model file dropped anywhere is imported; a status
// bar with iteration, epoch, speed, ETA, device and a progress bar; File, Edit, View, Training and Help
// menus. It shows state and emits the user's intents; the app's controller (app::Studio) acts on them.
// Owns the undo stack of dataset edits, the light/dark palette, recent projects and the saved window
// layout (QSettings). UI thread; owned by the controller.

#include "ui/format.h"
#include "ui/types.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QUndoStack;

namespace ui {

class DatasetDock;
class DatasetPane;
class LossPlot;
class PreviewView;
class TrainPanel;
class TranslateView;
class ModelList;
class UserGuide;
class WelcomeView;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // The dataset panel: panes A and B, or one per named domain of a multi-domain project.
    DatasetDock *datasets() const { return m_datasets; }
    DatasetPane *domainA() const;
    DatasetPane *domainB() const;
    bool isMultiDomain() const;
    QStringList domainNames() const;
    QVector<DatasetPane *> domainPanes() const;
    // The file types the engine reads, for the dataset panes and the Translate tab.
    void setFileTypes(const FileTypes &types);
    TrainPanel *trainPanel() const { return m_train; }
    LossPlot *lossPlot() const { return m_plot; }
    PreviewView *previewView() const { return m_previews; }
    TranslateView *translateView() const { return m_translate; }
    ModelList *modelList() const { return m_models; }
    QTabWidget *tabs() const { return m_tabs; }
    // The Translate tab (the model list beside the translate view).
    void showTranslateTab();
    QUndoStack *undoStack() const { return m_undo; }

    // The open project: window title, recent list. Empty: none, and the welcome screen shows instead of
    // the tabs and the dataset panel.
    void setProject(const QString &dir);
    WelcomeView *welcomeView() const { return m_welcome; }
    bool isWelcomeShown() const;
    // A two-domain project's style names ("Photos", "Watercolours"; empty: A and B), shown on the dataset
    // panes, the direction switch, the curves and the previews. Edit → Name the Styles… changes them.
    void setStyleNames(const StyleNames &names);
    StyleNames styleNames() const { return m_styles; }
    // Help → User Guide (F1 opens it at the current tab's topic); created on first use.
    UserGuide *userGuide();
    void showUserGuide(const QString &topic);
    QString currentTopic() const;
    QStringList recentProjects() const;
    void setDarkTheme(bool dark); // persists
    bool isDarkTheme() const { return m_dark; }
    // View → Language: "" (the system's) or one of `codes`; the choice persists, and languageChangeRequested
    // asks the app to show the window in it.
    void setLanguages(const QStringList &codes, const QString &current);
    // Library versions and licences for Help → About (the app knows them; ui/ does not link them).
    void setAboutDetails(const QString &html) { m_aboutDetails = html; }
    // A desktop notification (the system tray's message where there is one, else the taskbar's alert),
    // for news the user may have walked away from: a long training run has ended.
    void notify(const QString &title, const QString &message);
    QString lastNotification() const { return m_lastNotification; }
    // The ETA shown for a status: "12 min" once the rate has settled, else a range "10–14 min".
    QString etaText(const TrainStatus &status) const;
    // The status bar's permanent text (the last status, or the last error).
    QString statusText() const;
    // Actions by object name ("actionSave", …), for tests and the shortcut overview.
    QList<QAction *> menuActions() const;

    // Unattended runs (screenshots, benchmarks, --quit-after) never wait for a person: errors go to the
    // status bar and stderr instead of a dialog, and questions take their safe answer.
    void setUnattended(bool unattended) { m_unattended = unattended; }
    bool isUnattended() const { return m_unattended; }
    // A yes/no question (false when unattended).
    bool ask(const QString &title, const QString &question);
    enum class SaveChoice { Save, Discard, Cancel };
    // Unsaved changes: save them, discard them, or cancel (Discard when unattended).
    SaveChoice askSaveChanges(const QString &question);

    // After this, closing really closes (the controller calls it once the worker has stopped and the
    // user has decided about unsaved changes). The layout is saved then.
    void allowClose() { m_allowClose = true; }

public Q_SLOTS:
    void showStatus(const ui::TrainStatus &status);
    // Paused: the status bar says so, with the iteration reached, instead of a rate and an ETA.
    void setPaused(bool paused);
    // A confirmation for a few seconds; an error left in the status bar is then cleared.
    void showMessage(const QString &message);
    // A dialog, and the message in the status bar until something else happens.
    void showError(const QString &message);
    // The status bar back to "Ready" when it shows an error that is no longer true.
    void clearError();
    void setTraining(bool training);

Q_SIGNALS:
    void newProjectRequested();
    void openProjectRequested(const QString &dir); // empty: ask for a folder
    void openDemoRequested();
    void fineTuneRequested();
    void saveRequested();
    void exportModelRequested();
    void closeRequested(); // the controller decides (unsaved changes, stop the worker) and then closes
    void newMultiDomainRequested();
    void importModelRequested(const QString &file); // empty: ask for a file
    void newFromOfficialRequested();
    void demoTrainingRequested(); // the welcome screen's Try the Demo: open the demo and start training
    void styleNamesEdited();      // by the user, through Edit → Name the Styles…
    void languageChangeRequested(const QString &language); // "" : the system's

protected:
    void closeEvent(QCloseEvent *event) override;
    // A model file (.pth, .pt, .csm) dropped anywhere on the window is imported.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createDatasetDock();
    void createTabs();
    void createStatusBar();
    void createMenus();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createTrainingMenu();
    void createHelpMenu();
    void refreshRecentMenu();
    void askStyleNames();
    void refreshUndoActions();
    QAction *addAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut, const QString &tip);

    DatasetDock *m_datasets;
    TrainPanel *m_train;
    LossPlot *m_plot;
    PreviewView *m_previews;
    TranslateView *m_translate;
    ModelList *m_models;
    QTabWidget *m_tabs;
    QStackedWidget *m_pages = nullptr; // the welcome screen, or the tabs
    WelcomeView *m_welcome = nullptr;
    UserGuide *m_guide = nullptr;
    StyleNames m_styles;
    bool m_dockWanted = true; // the dataset panel's visibility while a project is open
    QLabel *m_statusLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QUndoStack *m_undo;
    QMenu *m_recentMenu = nullptr, *m_languageMenu = nullptr;
    QAction *m_undoAction = nullptr, *m_redoAction = nullptr, *m_lightAction = nullptr, *m_darkAction = nullptr;
    QAction *m_saveAction = nullptr, *m_exportAction = nullptr, *m_newAction = nullptr, *m_openAction = nullptr, *m_nameStylesAction = nullptr;
    QString m_aboutDetails, m_lastNotification;
    TrainStatus m_lastStatus;
    // The ETA from the measured rate, smoothed: a moving average of the time per iteration and of its
    // deviation; a range while it settles.
    double m_rateMean = 0, m_rateDeviation = 0;
    int m_rateSamples = 0;
    bool m_allowClose = false, m_training = false, m_dark = false, m_unattended = false, m_errorShown = false;
};

// Fusion with a light or a dark palette, for the whole application.
void applyTheme(bool dark);

} // namespace ui

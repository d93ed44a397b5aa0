#include "ui/mainwindow.h"

#include "ui/datasetdock.h"
#include "ui/datasetpane.h"
#include "ui/format.h"
#include "ui/lossplot.h"
#include "ui/modellist.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"
#include "ui/userguide.h"
#include "ui/welcomeview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QStackedWidget>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QSplitter>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QTabBar>
#include <QToolButton>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {
constexpr int kMaxRecent = 8;
const char *const kRecentKey = "recentProjects";
const char *const kDarkKey = "view/dark";
const char *const kGeometryKey = "window/geometry";
const char *const kStateKey = "window/state";
} // namespace

void applyTheme(bool dark)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = QApplication::style()->standardPalette();
    if (dark) {
        const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), disabled(120, 120, 120);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, window);
        p.setColor(QPalette::ToolTipBase, window);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, disabled);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, window);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, Qt::red);
        p.setColor(QPalette::Link, QColor(90, 160, 255));
        p.setColor(QPalette::Highlight, QColor(42, 110, 200));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Light, QColor(70, 70, 74));
        p.setColor(QPalette::Midlight, QColor(60, 60, 64));
        p.setColor(QPalette::Mid, QColor(40, 40, 42));
        p.setColor(QPalette::Dark, QColor(25, 25, 27));
        p.setColor(QPalette::Shadow, Qt::black);
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, disabled);
    }
    QApplication::setPalette(p);
}

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_undo(new QUndoStack(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    resize(1280, 820);
    createDatasetDock();
    createTabs();
    createMenus();
    createStatusBar();

    QSettings settings;
    restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray());
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
    setProject(QString());
    m_dark = settings.value(QLatin1String(kDarkKey), false).toBool();
    (m_dark ? m_darkAction : m_lightAction)->setChecked(true);
    applyTheme(m_dark);
    setAcceptDrops(true); // so that a model file can be dropped on any part of the window
    qApp->installEventFilter(this);
}

namespace {
// The local model files among a drag's URLs; empty when anything else is being dragged.
QStringList droppedModelFiles(const QMimeData *mime)
{
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const auto &url : mime->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (!url.isLocalFile() || (suffix != QLatin1String("pth") && suffix != QLatin1String("pt") && suffix != QLatin1String("csm")))
            return {};
        files << url.toLocalFile();
    }
    return files;
}
} // namespace

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    const auto type = event->type();
    if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
        return QMainWindow::eventFilter(watched, event);
    auto *widget = qobject_cast<QWidget *>(watched);
    if (!widget || widget->window() != this)
        return QMainWindow::eventFilter(watched, event);
    auto *drop = static_cast<QDropEvent *>(event);
    const QStringList files = droppedModelFiles(drop->mimeData());
    if (files.isEmpty())
        return QMainWindow::eventFilter(watched, event);
    drop->acceptProposedAction();
    if (type == QEvent::Drop)
        for (const auto &file : files)
            Q_EMIT importModelRequested(file);
    return true;
}

void MainWindow::createDatasetDock()
{
    m_datasets = new DatasetDock(m_undo, this);
    connect(m_datasets, &DatasetDock::failed, this, &MainWindow::showError);
    // A thumbnail's Translate: A's pictures into B and B's into A; a domain's into the chosen domain.
    auto translateFrom = [this](DatasetPane *pane, int target) {
        connect(pane, &DatasetPane::translateRequested, this, [this, target](const QString &path) {
            m_translate->setTargetIndex(target);
            showTranslateTab();
            m_translate->requestTranslation(path);
        });
    };
    translateFrom(m_datasets->domainA(), 0);
    translateFrom(m_datasets->domainB(), 1);
    connect(m_datasets, &DatasetDock::domainPaneCreated, this, [translateFrom](DatasetPane *pane) { translateFrom(pane, -1); });
    auto *dock = new QDockWidget(tr("Dataset"), this);
    dock->setObjectName(QStringLiteral("datasetDock"));
    dock->setWidget(m_datasets);
    dock->setMinimumWidth(280);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
}

void MainWindow::createTabs()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_train = new TrainPanel(m_tabs);
    m_plot = new LossPlot(m_tabs);
    m_previews = new PreviewView(m_tabs);
    auto *translate = new QSplitter(m_tabs);
    translate->setObjectName(QStringLiteral("translateSplitter"));
    m_models = new ModelList(translate);
    m_translate = new TranslateView(translate);
    translate->addWidget(m_models);
    translate->addWidget(m_translate);
    translate->setStretchFactor(1, 1);
    translate->setSizes({300, 900});
    connect(m_models, &ModelList::modelChosen, m_translate, &TranslateView::setModelFile);
    connect(m_previews, &PreviewView::previewAdded, m_train, &TrainPanel::addPreview);
    connect(m_previews, &PreviewView::cleared, m_train, &TrainPanel::clearPreviews);
    connect(m_models, &ModelList::importRequested, this, [this] { Q_EMIT importModelRequested(QString()); });
    m_tabs->addTab(m_train, tr("&Train"));
    m_tabs->addTab(m_plot, tr("P&lots"));
    m_tabs->addTab(m_previews, tr("Pre&views"));
    m_tabs->addTab(translate, tr("Tr&anslate"));
    m_welcome = new WelcomeView(this);
    connect(m_welcome, &WelcomeView::newProjectRequested, this, &MainWindow::newProjectRequested);
    connect(m_welcome, &WelcomeView::demoRequested, this, &MainWindow::demoTrainingRequested);
    connect(m_welcome, &WelcomeView::openProjectRequested, this, &MainWindow::openProjectRequested);
    connect(m_welcome, &WelcomeView::importModelRequested, this, [this] { Q_EMIT importModelRequested(QString()); });
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_tabs); // until setProject() says which
    m_pages->addWidget(m_welcome);
    setCentralWidget(m_pages);
}

bool MainWindow::isWelcomeShown() const { return m_pages->currentWidget() == m_welcome; }

void MainWindow::setStyleNames(const StyleNames &names)
{
    m_styles = names;
    m_datasets->domainA()->setTitle(names.a.isEmpty() ? tr("Domain A") : names.a);
    m_datasets->domainB()->setTitle(names.b.isEmpty() ? tr("Domain B") : names.b);
    m_translate->setStyleNames(names);
    m_plot->setStyleNames(names);
    m_previews->setStyleNames(names);
}

void MainWindow::askStyleNames()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Name the Styles"));
    auto *a = new QLineEdit(m_styles.a, &dialog);
    auto *b = new QLineEdit(m_styles.b, &dialog);
    a->setObjectName(QStringLiteral("styleNameA"));
    b->setObjectName(QStringLiteral("styleNameB"));
    a->setPlaceholderText(tr("for example Photos"));
    b->setPlaceholderText(tr("for example Watercolours"));
    for (auto *edit : {a, b})
        edit->setMaxLength(40);
    auto *form = new QFormLayout(&dialog);
    form->addRow(new QLabel(tr("The names replace A and B everywhere in the window."), &dialog));
    form->addRow(tr("Style A (the pictures you start from):"), a);
    form->addRow(tr("Style B (the style to learn):"), b);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const QString problem = styleNamesProblem(a->text().trimmed(), b->text().trimmed());
        if (problem.isEmpty())
            dialog.accept();
        else
            QMessageBox::warning(&dialog, dialog.windowTitle(), problem);
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    setStyleNames({a->text().trimmed(), b->text().trimmed()});
    Q_EMIT styleNamesEdited();
}

UserGuide *MainWindow::userGuide()
{
    if (!m_guide)
        m_guide = new UserGuide(this);
    return m_guide;
}

QString MainWindow::currentTopic() const
{
    if (isWelcomeShown())
        return QStringLiteral("start");
    const QStringList topics = {QStringLiteral("train"), QStringLiteral("plots"), QStringLiteral("previews"), QStringLiteral("translate")};
    return topics.value(m_tabs->currentIndex(), QStringLiteral("start"));
}

void MainWindow::showUserGuide(const QString &topic) { userGuide()->showTopic(topic); }

void MainWindow::showTranslateTab()
{
    m_tabs->setCurrentWidget(m_translate->parentWidget());
}

void MainWindow::createStatusBar()
{
    m_statusLabel = new QLabel(tr("Ready"), this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setMaximumWidth(240);
    m_progress->setTextVisible(true);
    m_progress->setToolTip(tr("Training progress over the whole schedule"));
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
}

DatasetPane *MainWindow::domainA() const { return m_datasets->domainA(); }
DatasetPane *MainWindow::domainB() const { return m_datasets->domainB(); }
bool MainWindow::isMultiDomain() const { return m_datasets->isMultiDomain(); }
QStringList MainWindow::domainNames() const { return m_datasets->domainNames(); }
QVector<DatasetPane *> MainWindow::domainPanes() const { return m_datasets->domainPanes(); }

void MainWindow::setFileTypes(const FileTypes &types)
{
    m_datasets->setFileTypes(types);
    m_translate->setFileTypes(types);
}

QAction *MainWindow::addAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut, const QString &tip)
{
    auto *action = menu->addAction(text);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    return action;
}

void MainWindow::createMenus()
{
    createFileMenu();
    createEditMenu();
    createViewMenu();
    createTrainingMenu();
    createHelpMenu();
}

void MainWindow::createFileMenu()
{
    auto *file = menuBar()->addMenu(tr("&File"));
    file->setToolTipsVisible(true);
    m_newAction = addAction(file, QStringLiteral("actionNew"), tr("&New Project…"), QKeySequence(Qt::CTRL | Qt::Key_N),
                            tr("Create an empty project folder, then drop images onto Domain A and Domain B"));
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newProjectRequested);
    m_openAction = addAction(file, QStringLiteral("actionOpen"), tr("&Open Project…"), QKeySequence(Qt::CTRL | Qt::Key_O), tr("Open a CycleStudio project folder"));
    connect(m_openAction, &QAction::triggered, this, [this] { Q_EMIT openProjectRequested(QString()); });
    auto *fineTune = addAction(file, QStringLiteral("actionFineTune"), tr("New &Fine-Tuning Project…"),
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                               tr("Start a project from a trained model to adapt it to new images quickly"));
    connect(fineTune, &QAction::triggered, this, &MainWindow::fineTuneRequested);
    auto *multi = addAction(file, QStringLiteral("actionNewMultiDomain"), tr("New &Multi-Domain Project…"),
                            QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N),
                            tr("One model for several domains (StarGAN): name a domain per set of images and translate between any of them"));
    connect(multi, &QAction::triggered, this, &MainWindow::newMultiDomainRequested);
    auto *official = addAction(file, QStringLiteral("actionNewFromOfficial"), tr("New Project from &PyTorch Checkpoint…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                               tr("Continue a training of the official PyTorch CycleGAN code (latest_net_G_A.pth …) on your images"));
    connect(official, &QAction::triggered, this, &MainWindow::newFromOfficialRequested);
    auto *demo = addAction(file, QStringLiteral("actionDemo"), tr("Open &Demo Project"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                           tr("Photos and paintings to try CycleStudio with (created in your Documents folder on first use)"));
    connect(demo, &QAction::triggered, this, &MainWindow::openDemoRequested);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setToolTipsVisible(true);
    refreshRecentMenu();
    m_saveAction = addAction(file, QStringLiteral("actionSave"), tr("&Save"), QKeySequence(Qt::CTRL | Qt::Key_S),
                             tr("Save the domains and settings to the project (training results are saved as they come)"));
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveRequested);
    file->addSeparator();
    m_exportAction = addAction(file, QStringLiteral("actionExportModel"), tr("&Export Model…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                               tr("Write one direction of the trained model to a file you can share: CycleStudio (.csm), "
                                  "PyTorch (.pth), TorchScript (.pt) or ONNX (.onnx)"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportModelRequested);
    auto *import = addAction(file, QStringLiteral("actionImportModel"), tr("&Import Model…"), QKeySequence(Qt::CTRL | Qt::Key_I),
                             tr("Add a model to translate with: a CycleStudio model (.csm) or a PyTorch CycleGAN generator (.pth); "
                                "you can also drop one anywhere on the window"));
    connect(import, &QAction::triggered, this, [this] { Q_EMIT importModelRequested(QString()); });
    file->addSeparator();
    auto *quit = addAction(file, QStringLiteral("actionQuit"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q),
                           tr("Quit CycleStudio (training is stopped and checkpointed first)"));
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createEditMenu()
{
    auto *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setToolTipsVisible(true);
    m_undoAction = addAction(edit, QStringLiteral("actionUndo"), tr("&Undo"), QKeySequence(Qt::CTRL | Qt::Key_Z), tr("Undo the last change to the domains"));
    m_redoAction = addAction(edit, QStringLiteral("actionRedo"), tr("&Redo"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), tr("Redo the change to the domains"));
    connect(m_undoAction, &QAction::triggered, m_undo, &QUndoStack::undo);
    connect(m_redoAction, &QAction::triggered, m_undo, &QUndoStack::redo);
    connect(m_undo, &QUndoStack::indexChanged, this, &MainWindow::refreshUndoActions);
    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::refreshUndoActions);
    refreshUndoActions();
    edit->addSeparator();
    m_nameStylesAction = addAction(edit, QStringLiteral("actionNameStyles"), tr("&Name the Styles…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                                   tr("Call the two styles by their names (“Photos”, “Watercolours”) instead of A and B"));
    connect(m_nameStylesAction, &QAction::triggered, this, &MainWindow::askStyleNames);
}

void MainWindow::createViewMenu()
{
    auto *view = menuBar()->addMenu(tr("&View"));
    view->setToolTipsVisible(true);
    const QStringList tips = {tr("Show the training settings"), tr("Show the loss curves"), tr("Show the cycle previews"),
                              tr("Show the translation view")};
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *a = addAction(view, QStringLiteral("actionTab%1").arg(i), m_tabs->tabText(i).remove(QLatin1Char('&')),
                            QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)), tips.value(i));
        connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    view->addSeparator();
    auto *dockToggle = findChild<QDockWidget *>(QStringLiteral("datasetDock"))->toggleViewAction();
    dockToggle->setObjectName(QStringLiteral("actionDataset"));
    dockToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    dockToggle->setToolTip(tr("Show or hide the dataset panel"));
    view->addAction(dockToggle);
    view->addSeparator();
    auto *theme = new QActionGroup(this);
    m_lightAction = addAction(view, QStringLiteral("actionLight"), tr("&Light Theme"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
                              tr("Dark text on a light background"));
    m_darkAction = addAction(view, QStringLiteral("actionDark"), tr("Dar&k Theme"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                             tr("Light text on a dark background"));
    for (auto *a : {m_lightAction, m_darkAction}) {
        a->setCheckable(true);
        theme->addAction(a);
    }
    connect(m_lightAction, &QAction::triggered, this, [this] { setDarkTheme(false); });
    connect(m_darkAction, &QAction::triggered, this, [this] { setDarkTheme(true); });
    view->addSeparator();
    m_languageMenu = view->addMenu(tr("&Language"));
    m_languageMenu->setToolTipsVisible(true);
}

void MainWindow::createTrainingMenu()
{
    auto *training = menuBar()->addMenu(tr("T&raining"));
    training->setToolTipsVisible(true);
    auto *start = addAction(training, QStringLiteral("actionStart"), tr("&Start"), QKeySequence(Qt::CTRL | Qt::Key_Return),
                            tr("Start or continue training with the settings on the Train tab"));
    auto *pause = addAction(training, QStringLiteral("actionPause"), tr("&Pause or Resume"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                            tr("Pause training, or resume it; the model stays in memory"));
    auto *stop = addAction(training, QStringLiteral("actionStop"), tr("S&top"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                           tr("Stop training and save a checkpoint"));
    connect(start, &QAction::triggered, m_train->startButton(), &QPushButton::click);
    connect(pause, &QAction::triggered, m_train->pauseButton(), &QPushButton::click);
    connect(stop, &QAction::triggered, m_train->stopButton(), &QPushButton::click);
}

void MainWindow::createHelpMenu()
{
    auto *help = menuBar()->addMenu(tr("&Help"));
    help->setToolTipsVisible(true);
    auto *guide = addAction(help, QStringLiteral("actionUserGuide"), tr("&User Guide"), QKeySequence(Qt::Key_F1),
                            tr("How to train, read the curves and translate; opens at the topic of the current tab"));
    connect(guide, &QAction::triggered, this, [this] { showUserGuide(currentTopic()); });
    help->addSeparator();
    auto *about = addAction(help, QStringLiteral("actionAbout"), tr("&About CycleStudio"), QKeySequence(Qt::CTRL | Qt::Key_F1),
                            tr("Version, libraries and licences"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About CycleStudio"),
                           tr("<h3>CycleStudio %1</h3><p>Train and use unpaired image-to-image translation (CycleGAN, Zhu et al. "
                              "2017) on your own computer.</p>%2")
                               .arg(QApplication::applicationVersion(), m_aboutDetails));
    });
}

void MainWindow::setLanguages(const QStringList &codes, const QString &current)
{
    m_languageMenu->clear();
    auto *group = new QActionGroup(m_languageMenu);
    const QString saved = QSettings().value(QStringLiteral("view/language")).toString();
    auto add = [&](const QString &code, const QString &name) {
        auto *a = m_languageMenu->addAction(name);
        a->setObjectName(QStringLiteral("language_%1").arg(code.isEmpty() ? QStringLiteral("system") : code));
        a->setCheckable(true);
        a->setChecked(code == saved);
        a->setToolTip(code.isEmpty() ? tr("Follow the system's language (now: %1)").arg(current) : tr("Show CycleStudio in this language"));
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QStringLiteral("view/language"), code);
            Q_EMIT languageChangeRequested(code);
        });
    };
    add(QString(), tr("System Default"));
    for (const auto &code : codes) {
        const QLocale locale(code);
        QString name = locale.nativeLanguageName();
        if (code.contains(QLatin1Char('_')))
            name = QStringLiteral("%1 (%2)").arg(name, locale.nativeTerritoryName());
        add(code, name);
    }
}

QList<QAction *> MainWindow::menuActions() const
{
    QList<QAction *> out;
    for (auto *a : findChildren<QAction *>())
        if (a->objectName().startsWith(QLatin1String("action")))
            out << a;
    return out;
}

void MainWindow::setProject(const QString &dir)
{
    // Nothing of the previous project stays on show: its messages, its progress.
    if (m_statusLabel) {
        m_errorShown = false;
        m_statusLabel->setText(tr("Ready"));
        m_progress->reset();
    }
    m_lastStatus = TrainStatus();
    m_rateMean = m_rateDeviation = 0;
    m_rateSamples = 0;
    auto *dock = findChild<QDockWidget *>(QStringLiteral("datasetDock"));
    const bool welcome = dir.isEmpty();
    if (welcome != isWelcomeShown()) {
        // The dataset panel has no use without a project; it comes back as the user left it.
        if (welcome)
            m_dockWanted = dock->isVisible() || !isVisible();
        m_pages->setCurrentWidget(welcome ? static_cast<QWidget *>(m_welcome) : m_tabs);
        dock->setVisible(!welcome && m_dockWanted);
    }
    m_nameStylesAction->setEnabled(!welcome);
    if (welcome) {
        setWindowTitle(tr("CycleStudio"));
        setWindowFilePath(QString());
        m_welcome->setRecentProjects(recentProjects());
        return;
    }
    setWindowTitle(tr("%1[*] — CycleStudio").arg(QFileInfo(dir).fileName()));
    setWindowFilePath(dir);
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QLatin1String(kRecentKey), recent);
    refreshRecentMenu(); // the welcome screen's list is refreshed when it is shown again
}

QStringList MainWindow::recentProjects() const { return QSettings().value(QLatin1String(kRecentKey)).toStringList(); }

void MainWindow::refreshRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentProjects();
    for (int i = 0; i < recent.size(); ++i) {
        const QString dir = recent[i];
        auto *a = m_recentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(dir).fileName()));
        a->setToolTip(QDir::toNativeSeparators(dir));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key(Qt::Key_1 + i)));
        a->setEnabled(QFileInfo(dir).isDir());
        connect(a, &QAction::triggered, this, [this, dir] { Q_EMIT openProjectRequested(dir); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
}

void MainWindow::refreshUndoActions()
{
    m_undoAction->setEnabled(!m_training && m_undo->canUndo());
    m_redoAction->setEnabled(!m_training && m_undo->canRedo());
    m_undoAction->setText(m_undo->canUndo() ? tr("&Undo %1").arg(m_undo->undoText()) : tr("&Undo"));
    m_redoAction->setText(m_undo->canRedo() ? tr("&Redo %1").arg(m_undo->redoText()) : tr("&Redo"));
}

void MainWindow::setDarkTheme(bool dark)
{
    m_dark = dark;
    (dark ? m_darkAction : m_lightAction)->setChecked(true);
    QSettings().setValue(QLatin1String(kDarkKey), dark);
    applyTheme(dark);
}

void MainWindow::showStatus(const TrainStatus &s)
{
    m_lastStatus = s;
    m_errorShown = false;
    if (s.secondsPerIteration > 0) {
        // The first reading sets the average; later ones move it by a tenth.
        const double alpha = m_rateSamples == 0 ? 1.0 : 0.1;
        const double deviation = m_rateSamples == 0 ? s.secondsPerIteration * 0.25 : std::abs(s.secondsPerIteration - m_rateMean);
        m_rateMean += alpha * (s.secondsPerIteration - m_rateMean);
        m_rateDeviation += alpha * (deviation - m_rateDeviation);
        ++m_rateSamples;
    }
    const double rate = m_rateMean > 0 ? 1.0 / m_rateMean : 0;
    m_statusLabel->setText(tr("Iteration %1 of %2 · epoch %3 of %4 · %5 it/s · ETA %6 · %7")
                               .arg(s.iteration)
                               .arg(s.totalIterations)
                               .arg(s.epoch)
                               .arg(s.totalEpochs)
                               .arg(rate, 0, 'f', 2)
                               .arg(etaText(s))
                               .arg(s.device));
    m_progress->setRange(0, 1000);
    m_progress->setValue(s.totalIterations > 0 ? int(1000 * s.iteration / s.totalIterations) : 0);
}

QString MainWindow::etaText(const TrainStatus &s) const
{
    const double remaining = double(std::max<qint64>(0, s.totalIterations - s.iteration));
    if (m_rateSamples == 0 || m_rateMean <= 0)
        return tr("measuring…");
    const double eta = remaining * m_rateMean;
    const bool settled = m_rateSamples >= 10 && m_rateDeviation <= 0.1 * m_rateMean;
    if (settled || remaining == 0)
        return formatDuration(eta);
    const double low = remaining * std::max(0.0, m_rateMean - m_rateDeviation), high = remaining * (m_rateMean + m_rateDeviation);
    return tr("%1–%2").arg(formatDuration(low), formatDuration(high));
}

void MainWindow::notify(const QString &title, const QString &message)
{
    m_lastNotification = message;
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        auto *tray = new QSystemTrayIcon(windowIcon(), this);
        tray->show();
        tray->showMessage(title, message, QSystemTrayIcon::Information, 10000);
        QTimer::singleShot(15000, tray, &QObject::deleteLater);
    }
    QApplication::alert(this); // the taskbar entry asks for attention until the window is active
}

QString MainWindow::statusText() const { return m_statusLabel->text(); }

void MainWindow::setPaused(bool paused)
{
    if (!paused) {
        m_statusLabel->setText(tr("Resuming…"));
        return;
    }
    m_errorShown = false;
    m_statusLabel->setText(m_lastStatus.totalIterations > 0
                               ? tr("Paused at iteration %1 of %2 · press Resume to continue").arg(m_lastStatus.iteration).arg(m_lastStatus.totalIterations)
                               : tr("Paused · press Resume to continue"));
}

void MainWindow::showMessage(const QString &message)
{
    clearError();
    statusBar()->showMessage(message, 5000);
}

void MainWindow::clearError()
{
    if (!m_errorShown)
        return;
    m_errorShown = false;
    m_statusLabel->setText(tr("Ready"));
}

void MainWindow::showError(const QString &message)
{
    m_errorShown = true;
    m_statusLabel->setText(message);
    if (m_unattended) {
        qWarning("CycleStudio: %s", qPrintable(message));
        return;
    }
    QMessageBox::warning(this, tr("CycleStudio"), message);
}

bool MainWindow::ask(const QString &title, const QString &question)
{
    if (m_unattended) {
        qWarning("CycleStudio: %s (answered no: nobody is watching)", qPrintable(question));
        return false;
    }
    return QMessageBox::question(this, title, question) == QMessageBox::Yes;
}

MainWindow::SaveChoice MainWindow::askSaveChanges(const QString &question)
{
    if (m_unattended)
        return SaveChoice::Discard;
    const auto answer = QMessageBox::question(this, tr("Unsaved changes"), question, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                              QMessageBox::Save);
    return answer == QMessageBox::Save ? SaveChoice::Save : answer == QMessageBox::Discard ? SaveChoice::Discard : SaveChoice::Cancel;
}

void MainWindow::setTraining(bool training)
{
    m_training = training;
    if (training) { // a new run measures its own rate
        m_rateMean = m_rateDeviation = 0;
        m_rateSamples = 0;
    }
    m_train->setRunning(training);
    m_datasets->setLocked(training);
    for (auto *a : {m_newAction, m_openAction, findChild<QAction *>(QStringLiteral("actionFineTune")),
                    findChild<QAction *>(QStringLiteral("actionNewMultiDomain")), findChild<QAction *>(QStringLiteral("actionNewFromOfficial"))})
        a->setEnabled(!training);
    m_recentMenu->setEnabled(!training);
    refreshUndoActions();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_allowClose) {
        QSettings settings;
        settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
        settings.setValue(QLatin1String(kStateKey), saveState());
        event->accept();
        return;
    }
    event->ignore();
    Q_EMIT closeRequested();
}

} // namespace ui
